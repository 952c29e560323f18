// Daily sales are derived from the order-line ledger, never incremented: recomputing a
// (variant, location, day) cell from its lines makes duplicates, cancellations and refunds
// arriving in any order converge to the same number.
import type { Tx } from "../../infra/db.ts";

export type SalesCell = { variant_id: string | null; location_id: string; day: string };

export async function refreshDailySales(
  tx: Tx,
  shopId: number,
  cells: SalesCell[],
): Promise<string[]> {
  const keys = dedupe(
    cells.filter((c): c is SalesCell & { variant_id: string } => c.variant_id !== null),
  );
  if (keys.length === 0) return [];
  await tx.query(
    `INSERT INTO daily_sales AS s (shop_id, variant_id, location_id, day, units, revenue)
     SELECT $1, k.variant_id, k.location_id, k.day,
            COALESCE(SUM(o.quantity - o.refunded_qty) FILTER (WHERE o.cancelled_at IS NULL), 0),
            COALESCE(SUM((o.quantity - o.refunded_qty) * o.unit_price) FILTER (WHERE o.cancelled_at IS NULL), 0)
     FROM unnest($2::bigint[], $3::bigint[], $4::date[]) AS k(variant_id, location_id, day)
     LEFT JOIN order_lines o
       ON o.shop_id = $1 AND o.variant_id = k.variant_id AND o.location_id = k.location_id AND o.day = k.day
     GROUP BY k.variant_id, k.location_id, k.day
     ON CONFLICT (shop_id, variant_id, location_id, day) DO UPDATE
       SET units = EXCLUDED.units, revenue = EXCLUDED.revenue`,
    [shopId, keys.map((k) => k.variant_id), keys.map((k) => k.location_id), keys.map((k) => k.day)],
  );
  return [...new Set(keys.map((k) => k.variant_id))];
}

function dedupe<T extends SalesCell>(cells: T[]): T[] {
  const seen = new Map<string, T>();
  for (const c of cells) seen.set(`${c.variant_id}|${c.location_id}|${c.day}`, c);
  return [...seen.values()];
}
