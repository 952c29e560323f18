// Recomputes the forecasts of a shop's dirty variants, in batches. Claiming the dirty rows,
// forecasting and writing happen in one transaction per batch: a crash leaves them dirty, and
// two workers never take the same rows (SKIP LOCKED).
import { withTx, type Db } from "../../infra/db.ts";
import { addDays, dayInZone, forecastMany } from "../../domain/forecast/index.ts";
import { loadHistories, shopWeekdayIndex } from "./history.ts";
import { readShopSettings } from "../../domain/settings.ts";
import { forecastOptionsFor } from "./options.ts";
import { writeForecasts } from "./write.ts";

export const BATCH = 2000;

export type RecomputeResult = { variants: number; batches: number; changed: string[] };

export async function recomputeShop(
  db: Db,
  shopId: number,
  now: Date = new Date(),
): Promise<RecomputeResult> {
  const { rows } = await db.pool.query<{
    timezone: string;
    status: string;
    settings: unknown;
  }>(
    `SELECT s.timezone, s.status, ss.settings FROM shops s LEFT JOIN shop_settings ss ON ss.shop_id = s.id WHERE s.id = $1`,
    [shopId],
  );
  const shop = rows[0];
  const result: RecomputeResult = { variants: 0, batches: 0, changed: [] };
  if (!shop || shop.status !== "installed") {
    await db.pool.query(`DELETE FROM forecast_dirty WHERE shop_id = $1`, [shopId]);
    return result;
  }
  const settings = readShopSettings(shop.settings);
  // Complete days only: the series ends yesterday in the shop's time zone.
  const asOf = addDays(dayInZone(now, shop.timezone), -1);
  // A batch of a few dirty variants cannot learn the shop's weekly rhythm alone: give it the
  // whole shop's.
  const dayOfWeek = await weekdayIndexFor(db, shopId, asOf);

  for (;;) {
    const n = await withTx(db.pool, async (tx) => {
      const claimed = await tx.query<{ variant_id: string }>(
        `DELETE FROM forecast_dirty WHERE shop_id = $1 AND variant_id IN (
           SELECT variant_id FROM forecast_dirty WHERE shop_id = $1 ORDER BY marked_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING variant_id`,
        [shopId, BATCH],
      );
      const ids = claimed.rows.map((r) => r.variant_id);
      if (ids.length === 0) return 0;
      const loaded = await loadHistories(tx, shopId, shop.timezone, ids, asOf);
      const forecasts = forecastMany(
        loaded.map((l) => l.history),
        (i) => forecastOptionsFor(settings, loaded[i]!.facts),
        dayOfWeek ? { dayOfWeek } : {},
      );
      await writeForecasts(
        tx,
        shopId,
        loaded.map(({ facts }, i) => ({
          variantId: facts.id,
          asOf,
          available: facts.available,
          tracked: facts.tracked,
          f: forecasts[i]!,
        })),
      );
      result.changed.push(...loaded.map((l) => l.facts.id));
      return ids.length;
    });
    if (n === 0) break;
    result.variants += n;
    result.batches++;
  }
  return result;
}

// The weekly rhythm barely moves within a day: compute it at most every few minutes per shop,
// not on every recompute (bursts of webhooks trigger many). Not for the whole day: history can
// still arrive for past days (a backfill, late webhooks).
const WEEKDAY_TTL_MS = 10 * 60_000;
const weekdayCache = new Map<
  number,
  { asOf: string; at: number; index: Promise<number[] | null> }
>();

function weekdayIndexFor(db: Db, shopId: number, asOf: string): Promise<number[] | null> {
  const hit = weekdayCache.get(shopId);
  if (hit?.asOf === asOf && Date.now() - hit.at < WEEKDAY_TTL_MS) return hit.index;
  const index = shopWeekdayIndex(db.pool, shopId, asOf);
  weekdayCache.set(shopId, { asOf, at: Date.now(), index });
  // Nothing sold yet (e.g. before the backfill landed): ask again next time.
  index.then((w) => w ?? weekdayCache.delete(shopId)).catch(() => weekdayCache.delete(shopId));
  return index;
}

// Marks every live variant of the shop dirty (daily recompute, after a backfill).
export async function markAllDirty(db: Db, shopId: number): Promise<number> {
  const r = await db.pool.query(
    `INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT shop_id, id FROM variants WHERE shop_id = $1 AND deleted_at IS NULL
     ON CONFLICT DO NOTHING`,
    [shopId],
  );
  return r.rowCount ?? 0;
}
