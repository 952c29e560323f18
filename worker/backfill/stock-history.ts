// Step 5: the daily stock history before we were installed, reconstructed from today's levels by
// walking the sales backwards (docs/decisions/0011-backfill.md):
//
//   end-of-day stock(d) = level now + units sold after day d (up to the level's own timestamp)
//
// per variant × location (online sales go to the one location that fulfils online orders, when
// there is exactly one) and for the variant's total (location 0, all sales). Stock only changes
// on days with sales in this model, so a row is written for each such day plus an opening row the
// day before the window; days between carry the previous row forward, as daily_stock means.
// A day whose end is <= 0 is out of stock. Restocks, returns put back and adjustments are not in
// the order history, so for an item restocked in the window the past is overstated (its old
// stockouts are invisible); what is observed (webhook rows) always wins: nothing is overwritten.
import type { BackfillContext } from "./context.ts";

const RECONSTRUCT = `
WITH lv AS (
  SELECT v.id AS variant_id, l.location_id, l.available, l.shopify_updated_at AS at
  FROM variants v
  JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id AND i.tracked
  JOIN inventory_levels l ON l.shop_id = v.shop_id AND l.inventory_item_id = v.inventory_item_id
  WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[]) AND v.deleted_at IS NULL
), series AS (
  SELECT variant_id, location_id, available, at FROM lv
  UNION ALL
  SELECT variant_id, 0, SUM(available)::int, MAX(at) FROM lv GROUP BY variant_id
), sold AS (
  SELECT s.variant_id, s.location_id, o.day, SUM(o.quantity - o.refunded_qty)::int AS units
  FROM series s
  JOIN order_lines o
    ON o.shop_id = $1 AND o.variant_id = s.variant_id AND o.day >= $3::date AND o.cancelled_at IS NULL
   AND o.ordered_at <= s.at
   AND (s.location_id = 0 OR o.location_id = s.location_id OR (o.location_id = 0 AND s.location_id = $4::bigint))
  GROUP BY s.variant_id, s.location_id, o.day
), days AS (
  SELECT variant_id, location_id, day, units FROM sold WHERE units <> 0
  UNION ALL
  SELECT variant_id, location_id, $3::date - 1, 0 FROM series
), recon AS (
  SELECT d.variant_id, d.location_id, d.day,
         s.available + COALESCE(SUM(d.units) OVER (
           PARTITION BY d.variant_id, d.location_id ORDER BY d.day DESC
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int AS end_available
  FROM days d JOIN series s ON s.variant_id = d.variant_id AND s.location_id = d.location_id
)
INSERT INTO daily_stock AS d (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
-- end_at = the day's first instant: any real observation of that day is newer and wins.
SELECT $1, r.variant_id, r.location_id, r.day, r.end_available, (r.day::timestamp AT TIME ZONE $5),
       r.end_available, r.end_available <= 0
FROM recon r
ON CONFLICT (shop_id, variant_id, location_id, day) DO NOTHING`;

// Variants per statement: a fast seller has a row per day and location, ~60–180 days × 3 series.
const VARIANTS_PER_STATEMENT = 250;

export async function stockHistoryStep(ctx: BackfillContext): Promise<void> {
  const { progress } = ctx;
  const { rows } = await ctx.db.pool.query<{ id: string }>(
    `SELECT v.id FROM variants v
     JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id AND i.tracked
     WHERE v.shop_id = $1 AND v.deleted_at IS NULL ORDER BY v.id`,
    [ctx.shop.id],
  );
  const ids = rows.map((r) => r.id);
  let written = 0;
  for (let i = 0; i < ids.length; i += VARIANTS_PER_STATEMENT) {
    const r = await ctx.db.pool.query(RECONSTRUCT, [
      ctx.shop.id,
      ids.slice(i, i + VARIANTS_PER_STATEMENT),
      progress.state.sinceDay,
      progress.state.onlineLocationId ?? "-1",
      ctx.shop.timezone,
    ]);
    written += r.rowCount ?? 0;
    await ctx.checkpoint();
    await progress.within("derive", (i + VARIANTS_PER_STATEMENT) / Math.max(1, ids.length));
  }
  progress.stats.stockRows = written;
}
