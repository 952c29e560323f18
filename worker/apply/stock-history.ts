// The daily stock history that lets forecasts ignore out-of-stock days.
//
// One row per variant × location × local day (location 0 = the variant's total). Observing a
// level folds it into the day's row: the end-of-day value follows the latest observation (for
// the total: the latest computation), the minimum and the out-of-stock flag accumulate. A day's
// first row starts from the previous day's closing stock: the item may have opened at zero.

// An INSERT … ON CONFLICT reading observations from a relation `obs(variant_id, location_id,
// available, day)`, for the shop and observation instant given as SQL expressions.
export const STOCK_UPSERT = (shopId: string, observedAt: string) => `
  INSERT INTO daily_stock AS d
    (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
  SELECT ${shopId}, o.variant_id, o.location_id, o.day, o.available, ${observedAt}, x.low, x.low <= 0
  FROM obs o
  CROSS JOIN LATERAL (
    SELECT LEAST(o.available, COALESCE((
      SELECT p.end_available FROM daily_stock p
      WHERE p.shop_id = ${shopId} AND p.variant_id = o.variant_id AND p.location_id = o.location_id AND p.day < o.day
      ORDER BY p.day DESC LIMIT 1), o.available)) AS low
  ) x
  ON CONFLICT (shop_id, variant_id, location_id, day) DO UPDATE SET
    -- A location's day closes on its latest observation. The total (location 0) is recomputed
    -- from every location's committed level, under the item's lock: the newest computation is
    -- the truest, whatever instant the event that triggered it carried.
    end_available = CASE WHEN EXCLUDED.location_id = 0 OR EXCLUDED.end_at >= d.end_at
                         THEN EXCLUDED.end_available ELSE d.end_available END,
    end_at = GREATEST(d.end_at, EXCLUDED.end_at),
    min_available = LEAST(d.min_available, EXCLUDED.end_available),
    out_of_stock = d.out_of_stock OR EXCLUDED.end_available <= 0`;
