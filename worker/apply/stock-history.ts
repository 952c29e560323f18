// The daily stock history that lets forecasts ignore out-of-stock days.
import type { Tx } from "../../infra/db.ts";

// location_id 0 holds a variant's total over all locations.
export const TOTAL_LOCATION = "0";

export type StockObservation = {
  shopId: number;
  timezone: string;
  variantId: string;
  locationId: string;
  available: number;
  observedAt: string; // ISO instant of the level (Shopify's updated_at)
};

// Folds one observed level into that local day's row: the end-of-day value follows the latest
// observation, the minimum and the out-of-stock flag accumulate. A day's first row starts from
// the previous day's closing stock, because the item may have opened the day at zero.
export async function recordStock(tx: Tx, o: StockObservation): Promise<void> {
  await tx.query(
    `WITH obs AS (SELECT ($5::timestamptz AT TIME ZONE $6)::date AS day),
     opening AS (
       SELECT d.end_available FROM daily_stock d, obs
       WHERE d.shop_id = $1 AND d.variant_id = $2 AND d.location_id = $3 AND d.day < obs.day
       ORDER BY d.day DESC LIMIT 1
     ),
     low AS (SELECT LEAST($4::int, COALESCE((SELECT end_available FROM opening), $4::int)) AS v)
     INSERT INTO daily_stock AS d
       (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
     SELECT $1, $2, $3, obs.day, $4, $5, low.v, low.v <= 0 FROM obs, low
     ON CONFLICT (shop_id, variant_id, location_id, day) DO UPDATE SET
       end_available = CASE WHEN EXCLUDED.end_at >= d.end_at THEN EXCLUDED.end_available ELSE d.end_available END,
       end_at = GREATEST(d.end_at, EXCLUDED.end_at),
       min_available = LEAST(d.min_available, EXCLUDED.end_available),
       out_of_stock = d.out_of_stock OR EXCLUDED.end_available <= 0`,
    [o.shopId, o.variantId, o.locationId, o.available, o.observedAt, o.timezone],
  );
}
