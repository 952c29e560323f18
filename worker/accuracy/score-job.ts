// The daily scoring of one shop: every kept forecast whose 7- or 30-day period has passed is
// compared with what sold on the in-stock days of that period (domain/accuracy), next to the seed
// formula's forecast for the same variant and day. Variants go in batches of 2,000, each batch in
// one transaction: outcomes, tallies and misses commit together.
import { withTx, type Db } from "../../infra/db.ts";
import { addDays, dayInZone, daysBetween } from "../../domain/forecast/index.ts";
import {
  demandClassOf,
  outcomeScored,
  scoreSnapshot,
  type Outcome,
  type Snapshot,
} from "../../domain/accuracy/index.ts";
import { HISTORY_DAYS, loadHistories, type LoadedHistory } from "../forecast/history.ts";
import { RETENTION } from "../schedules/retention.ts";
import { recordOutcomes, writeOutcomes } from "./record.ts";

// Orders can reach us up to a day late: a day is final one day after it ended.
export const SCORING_GRACE_DAYS = 1;
export const SCORE_BATCH = 2_000;

// The last day whose sales and stock are taken as final, in the shop's time zone.
export function finalDay(now: Date, timezone: string): string {
  return addDays(dayInZone(now, timezone), -1 - SCORING_GRACE_DAYS);
}

export type ScoreResult = { through: string | null; scored: number; variants: number };

type SnapshotRow = {
  variant_id: string;
  day: string;
  demand_class: number;
  available: number;
  demand7_mean: number;
  demand7_p10: number;
  demand7_p90: number;
  demand30_mean: number;
  demand30_p10: number;
  demand30_p90: number;
  stockout_days: number | null;
  seed_rate: number;
  open7: number | null;
  open30: number | null;
};

export async function scoreShop(
  db: Db,
  shopId: number,
  now: Date = new Date(),
  batch = SCORE_BATCH,
): Promise<ScoreResult> {
  const { rows: shops } = await db.pool.query<{
    timezone: string;
    status: string;
    scored_through: string | null;
  }>(
    `SELECT s.timezone, s.status, to_char(a.scored_through, 'YYYY-MM-DD') AS scored_through
     FROM shops s LEFT JOIN forecast_accuracy_state a ON a.shop_id = s.id WHERE s.id = $1`,
    [shopId],
  );
  const shop = shops[0];
  if (!shop || shop.status !== "installed") return { through: null, scored: 0, variants: 0 };
  const through = finalDay(now, shop.timezone);
  const prev = shop.scored_through;
  if (prev && prev >= through) return { through: prev, scored: 0, variants: 0 };

  // Rows up to prev − h were due last time and scored then; only newer ones can be due now.
  const floor = addDays(through, -RETENTION.forecastSnapshotsDays - 1);
  const after = (h: number) => (prev && addDays(prev, -h) > floor ? addDays(prev, -h) : floor);
  const { rows } = await db.pool.query<SnapshotRow>(
    `SELECT variant_id, to_char(day, 'YYYY-MM-DD') AS day, demand_class, available, demand7_mean,
            demand7_p10, demand7_p90, demand30_mean, demand30_p10, demand30_p90, stockout_days,
            seed_rate, open7, open30
     FROM forecast_snapshots
     WHERE shop_id = $1 AND ((open7 IS NULL AND day > $2::date AND day <= $3::date)
                          OR (open30 IS NULL AND day > $4::date AND day <= $5::date))`,
    [shopId, after(7), addDays(through, -7), after(30), addDays(through, -30)],
  );
  const byVariant = new Map<string, Snapshot[]>();
  for (const r of rows) {
    const list = byVariant.get(r.variant_id) ?? [];
    if (list.length === 0) byVariant.set(r.variant_id, list);
    list.push(toSnapshot(r));
  }

  const ids = [...byVariant.keys()];
  let scored = 0;
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    scored += await withTx(db.pool, async (tx) => {
      const loaded = await loadHistories(tx, shopId, shop.timezone, chunk, through);
      const outcomes = scoreAgainst(loaded, byVariant, through);
      // A variant deleted since has no series: its forecasts go unscored, with it.
      const found = new Set(loaded.map((l) => l.facts.id));
      const gone = chunk.filter((id) => !found.has(id));
      if (gone.length)
        await tx.query(
          `DELETE FROM forecast_snapshots WHERE shop_id = $1 AND day > $2::date AND variant_id = ANY($3::bigint[])`,
          [shopId, floor, gone],
        );
      const written = await writeOutcomes(tx, shopId, outcomes);
      await recordOutcomes(tx, shopId, written);
      return written.length;
    });
  }
  await db.pool.query(
    `INSERT INTO forecast_accuracy_state (shop_id, scored_through, updated_at) VALUES ($1, $2::date, now())
     ON CONFLICT (shop_id) DO UPDATE SET scored_through = GREATEST(forecast_accuracy_state.scored_through, EXCLUDED.scored_through),
       updated_at = now()`,
    [shopId, through],
  );
  return { through, scored, variants: ids.length };
}

// Each loaded series ends on `through` (index HISTORY_DAYS − 1).
export function scoreAgainst(
  loaded: LoadedHistory[],
  snapshots: Map<string, Snapshot[]>,
  through: string,
): Outcome[] {
  const out: Outcome[] = [];
  const last = HISTORY_DAYS - 1;
  for (const { facts, history } of loaded) {
    for (const s of snapshots.get(facts.id) ?? []) {
      const o = scoreSnapshot(s, history, last - daysBetween(s.day, through), last);
      if (outcomeScored(o)) out.push(o);
    }
  }
  return out;
}

function toSnapshot(r: SnapshotRow): Snapshot {
  return {
    variantId: r.variant_id,
    day: r.day,
    demandClass: demandClassOf(r.demand_class),
    available: r.available,
    demand7: { mean: r.demand7_mean, p10: r.demand7_p10, p90: r.demand7_p90 },
    demand30: { mean: r.demand30_mean, p10: r.demand30_p10, p90: r.demand30_p90 },
    stockoutDays: r.stockout_days,
    seedRate: r.seed_rate,
    scored7: r.open7 !== null,
    scored30: r.open30 !== null,
  };
}

// Installed shops whose final day moved past what was scored, and that have forecasts kept.
export async function shopsDueForScoring(db: Db): Promise<number[]> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT s.id FROM shops s LEFT JOIN forecast_accuracy_state a ON a.shop_id = s.id
     WHERE s.status = 'installed'
       AND (a.scored_through IS NULL
            OR a.scored_through < (now() AT TIME ZONE s.timezone)::date - ${1 + SCORING_GRACE_DAYS})
       AND EXISTS (SELECT 1 FROM forecast_snapshots f WHERE f.shop_id = s.id)
     ORDER BY s.id`,
  );
  return rows.map((r) => r.id);
}
