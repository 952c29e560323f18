// Writes one batch of order lines from the orders export into the same ledger the order webhooks
// write (order_lines, keyed by line item id). A cancelled order keeps its lines with cancelled_at
// (they count for nothing); a line's refunded quantity is what Shopify no longer counts as sold
// (quantity − currentQuantity), never lowered below what refund webhooks already recorded.
// Daily sales are derived once the whole export is in (refreshWindowSales): the export is
// ungrouped, so a batch touches cells all over the window, and refreshing them per batch would
// recompute most cells many times.
import type { Tx } from "../../infra/db.ts";

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
): Promise<number> {
  if (lines.length === 0) return 0;
  const { rowCount } = await tx.query(
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
        OR o.refunded_qty < EXCLUDED.refunded_qty`,
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
  return rowCount ?? 0;
}

/**
 * Derives the daily sales of up to `limit` variants (those after `afterVariant`) from the ledger,
 * for every day since `sinceDay`, the way refreshDailySales does for a webhook's cells. Only cells
 * whose figures changed are written: a reinstall over unchanged history rewrites nothing.
 * Returns the last variant done, or null when none are left.
 */
export async function refreshWindowSales(
  tx: Tx,
  shopId: number,
  sinceDay: string,
  afterVariant: string,
  limit: number,
): Promise<string | null> {
  const { rows } = await tx.query<{ variant_id: string }>(
    `SELECT DISTINCT variant_id::text FROM order_lines
     WHERE shop_id = $1 AND variant_id > $2::bigint AND day >= $3::date
     ORDER BY variant_id LIMIT $4`,
    [shopId, afterVariant, sinceDay, limit],
  );
  if (rows.length === 0) return null;
  await tx.query(
    `INSERT INTO daily_sales AS s (shop_id, variant_id, location_id, day, units, revenue)
     SELECT $1, o.variant_id, o.location_id, o.day,
            COALESCE(SUM(o.quantity - o.refunded_qty) FILTER (WHERE o.cancelled_at IS NULL), 0),
            COALESCE(SUM((o.quantity - o.refunded_qty) * o.unit_price) FILTER (WHERE o.cancelled_at IS NULL), 0)
     FROM order_lines o
     WHERE o.shop_id = $1 AND o.variant_id = ANY($2::bigint[]) AND o.day >= $3::date
     GROUP BY o.variant_id, o.location_id, o.day
     ON CONFLICT (shop_id, variant_id, location_id, day) DO UPDATE
       SET units = EXCLUDED.units, revenue = EXCLUDED.revenue
       WHERE s.units IS DISTINCT FROM EXCLUDED.units OR s.revenue IS DISTINCT FROM EXCLUDED.revenue`,
    [shopId, rows.map((r) => r.variant_id), sinceDay],
  );
  return rows.at(-1)!.variant_id;
}
