// refunds/create: each refund line is kept once (by its id), and the order line's refunded
// quantity is recomputed from all of them, capped at what was sold.
import type { RefundEvent } from "../../domain/events.ts";
import { refreshDailySales, type SalesCell } from "./daily-sales.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyRefund(
  { tx, shop }: ApplyContext,
  refund: RefundEvent,
): Promise<ApplyResult> {
  const lines = refund.refund_line_items;
  if (lines.length === 0) return { dirtyVariants: [] };
  await tx.query(
    `INSERT INTO refund_lines (shop_id, refund_line_item_id, refund_id, line_item_id, quantity, created_at)
     SELECT $1, r.id, $2, r.line_item_id, r.quantity, $3
     FROM unnest($4::bigint[], $5::bigint[], $6::int[]) AS r(id, line_item_id, quantity)
     ON CONFLICT (shop_id, refund_line_item_id) DO NOTHING`,
    [
      shop.id,
      refund.id,
      refund.created_at,
      lines.map((l) => l.id),
      lines.map((l) => l.line_item_id),
      lines.map((l) => l.quantity),
    ],
  );
  const { rows } = await tx.query<SalesCell>(
    `UPDATE order_lines o
     SET refunded_qty = LEAST(o.quantity, (SELECT COALESCE(SUM(r.quantity), 0) FROM refund_lines r
                                           WHERE r.shop_id = o.shop_id AND r.line_item_id = o.line_item_id))
     WHERE o.shop_id = $1 AND o.line_item_id = ANY($2::bigint[])
     RETURNING variant_id, location_id, to_char(day, 'YYYY-MM-DD') AS day`,
    [shop.id, lines.map((l) => l.line_item_id)],
  );
  return { dirtyVariants: await refreshDailySales(tx, shop.id, rows) };
}
