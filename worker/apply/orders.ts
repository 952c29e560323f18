// orders/create and orders/cancelled write the same ledger rows, keyed by line item id: a duplicate
// delivery changes nothing, a cancellation that overtakes its order still wins, and a refund that
// arrived first is already counted when the order lands.
import type { OrderEvent } from "../../domain/events.ts";
import { refreshDailySales, type SalesCell } from "./daily-sales.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyOrder(
  { tx, shop }: ApplyContext,
  order: OrderEvent,
): Promise<ApplyResult> {
  const lines = order.line_items;
  if (lines.length === 0) return { dirtyVariants: [] };
  const { rows } = await tx.query<SalesCell>(
    `INSERT INTO order_lines AS o
       (shop_id, line_item_id, order_id, variant_id, location_id, ordered_at, day, quantity, unit_price,
        refunded_qty, cancelled_at)
     SELECT $1, li.id, $2, li.variant_id, $3, $4::timestamptz, ($4::timestamptz AT TIME ZONE $5)::date,
            li.quantity, li.price,
            LEAST(li.quantity, COALESCE((SELECT SUM(r.quantity) FROM refund_lines r
                                         WHERE r.shop_id = $1 AND r.line_item_id = li.id), 0)),
            $6::timestamptz
     FROM unnest($7::bigint[], $8::bigint[], $9::int[], $10::numeric[]) AS li(id, variant_id, quantity, price)
     ON CONFLICT (shop_id, line_item_id) DO UPDATE
       SET cancelled_at = COALESCE(o.cancelled_at, EXCLUDED.cancelled_at)
       WHERE o.cancelled_at IS DISTINCT FROM COALESCE(o.cancelled_at, EXCLUDED.cancelled_at)
     RETURNING variant_id, location_id, to_char(day, 'YYYY-MM-DD') AS day`,
    [
      shop.id,
      order.id,
      order.location_id ?? "0",
      order.created_at,
      shop.timezone,
      order.cancelled_at ?? null,
      lines.map((l) => l.id),
      lines.map((l) => l.variant_id),
      lines.map((l) => l.quantity),
      lines.map((l) => l.price),
    ],
  );
  return { dirtyVariants: await refreshDailySales(tx, shop.id, rows) };
}
