// Forecasts age even when nothing happens: a day without sales lowers velocity, and "runs out in
// 5 days" is wrong tomorrow. Once a shop's local day has turned, every live variant is marked
// dirty so the next recompute (and alert evaluation) sees the new day.
import type { Db } from "../../infra/db.ts";

// Returns the shops whose forecasts are older than their local yesterday (the newest complete day).
export async function shopsDueForDailyRecompute(db: Db): Promise<number[]> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT s.id FROM shops s
     WHERE s.status = 'installed'
       AND EXISTS (SELECT 1 FROM forecasts f
                   WHERE f.shop_id = s.id AND f.as_of < (now() AT TIME ZONE s.timezone)::date - 1)`,
  );
  return rows.map((r) => r.id);
}
