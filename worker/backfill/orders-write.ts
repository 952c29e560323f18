// Writes one batch of order lines from the orders export into the same ledger the order webhooks
// write (order_lines, keyed by line item id), then refreshes the daily sales of the cells the batch
// touched with the webhooks' own function. A cancelled order keeps its lines with cancelled_at
// (they count for nothing); a line's refunded quantity is what Shopify no longer counts as sold
// (quantity − currentQuantity), never lowered below what refund webhooks already recorded.
import type { Tx } from "../../infra/db.ts";
import { refreshDailySales, type SalesCell } from "../apply/daily-sales.ts";

export type OrderLineRow = {
  lineItemId: string;
  orderId: string;
  variantId: string | null;
  locationId: string; // "0": not known (online orders)
  orderedAt: string;
  quantity: number;
  refunded: number;
  unitPrice: string;
  cancelledAt: string | null;
};

export async function writeOrderLines(
  tx: Tx,
  shopId: number,
  timezone: string,
  lines: OrderLineRow[],
): Promise<{ written: number; variants: string[] }> {
  if (lines.length === 0) return { written: 0, variants: [] };
  const { rows } = await tx.query<SalesCell>(
    `INSERT INTO order_lines AS o
       (shop_id, line_item_id, order_id, variant_id, location_id, ordered_at, day, quantity, unit_price,
        refunded_qty, cancelled_at)
     SELECT $1, x.id, x.order_id, x.variant_id, x.location_id, x.ordered_at, (x.ordered_at AT TIME ZONE $2)::date,
            x.quantity, x.price, LEAST(x.quantity, GREATEST(0, x.refunded)), x.cancelled_at
     FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[], $8::int[], $9::int[],
                 $10::numeric[], $11::timestamptz[])
       AS x(id, order_id, variant_id, location_id, ordered_at, quantity, refunded, price, cancelled_at)
     ON CONFLICT (shop_id, line_item_id) DO UPDATE SET
       cancelled_at = COALESCE(o.cancelled_at, EXCLUDED.cancelled_at),
       refunded_qty = GREATEST(o.refunded_qty, EXCLUDED.refunded_qty)
     WHERE o.cancelled_at IS DISTINCT FROM COALESCE(o.cancelled_at, EXCLUDED.cancelled_at)
        OR o.refunded_qty < EXCLUDED.refunded_qty
     RETURNING variant_id, location_id, to_char(day, 'YYYY-MM-DD') AS day`,
    [
      shopId,
      timezone,
      lines.map((l) => l.lineItemId),
      lines.map((l) => l.orderId),
      lines.map((l) => l.variantId),
      lines.map((l) => l.locationId),
      lines.map((l) => l.orderedAt),
      lines.map((l) => l.quantity),
      lines.map((l) => l.refunded),
      lines.map((l) => l.unitPrice),
      lines.map((l) => l.cancelledAt),
    ],
  );
  // Only cells whose lines changed: a reinstall over unchanged history rewrites nothing.
  const variants = await refreshDailySales(tx, shopId, rows);
  return { written: rows.length, variants };
}
