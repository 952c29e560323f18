// Writes what scoring found: the outcome on each snapshot row, the weekly tallies and the week's
// biggest misses — in the caller's transaction, so a scored row and its share of the tallies
// commit together (a retried job cannot count a period twice: it finds the row scored).
import type { Tx } from "../../infra/db.ts";
import {
  TALLY_FIELDS,
  tallyOutcomes,
  weekOf,
  worstMisses,
  type Outcome,
  type Tally,
} from "../../domain/accuracy/index.ts";
import { outcomeColumns, snapshotKey } from "./snapshots.ts";

export const MISSES_PER_WEEK = 10;

// Sets the outcome of rows not yet scored for that stage; returns the outcomes actually written
// (a concurrent run that got there first makes the guard fail and the outcome drop out).
export async function writeOutcomes(
  tx: Tx,
  shopId: number,
  outcomes: Outcome[],
): Promise<Outcome[]> {
  const written: Outcome[] = [];
  for (const stage of ["week7", "month"] as const) {
    const todo = outcomes.filter((o) => o[stage] !== undefined);
    if (todo.length === 0) continue;
    const [sold7, open7, sold30, open30, stockout] = outcomeColumns(todo);
    const week = stage === "week7";
    const { rows } = await tx.query<{ key: string }>(
      week
        ? `UPDATE forecast_snapshots s SET sold7 = x.sold, open7 = x.open
           FROM unnest($2::date[], $3::bigint[], $4::int[], $5::smallint[]) AS x(day, variant_id, sold, open)
           WHERE s.shop_id = $1 AND s.day = x.day AND s.variant_id = x.variant_id AND s.open7 IS NULL
           RETURNING to_char(s.day, 'YYYY-MM-DD') || '|' || s.variant_id AS key`
        : `UPDATE forecast_snapshots s SET sold30 = x.sold, open30 = x.open, stockout_actual = x.stockout
           FROM unnest($2::date[], $3::bigint[], $4::int[], $5::smallint[], $6::smallint[])
             AS x(day, variant_id, sold, open, stockout)
           WHERE s.shop_id = $1 AND s.day = x.day AND s.variant_id = x.variant_id AND s.open30 IS NULL
           RETURNING to_char(s.day, 'YYYY-MM-DD') || '|' || s.variant_id AS key`,
      [
        shopId,
        todo.map((o) => o.snapshot.day),
        todo.map((o) => o.snapshot.variantId),
        ...(week ? [sold7, open7] : [sold30, open30, stockout]),
      ],
    );
    const done = new Set(rows.map((r) => r.key));
    for (const o of todo)
      if (done.has(snapshotKey(o.snapshot)))
        written.push(
          week
            ? { snapshot: o.snapshot, week7: o.week7 }
            : { snapshot: o.snapshot, month: o.month, stockout: o.stockout },
        );
  }
  return written;
}

const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Adds the outcomes to the weekly tallies (per week of D, horizon and demand class) and keeps
// the weeks' biggest misses.
export async function recordOutcomes(tx: Tx, shopId: number, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await addTallies(tx, shopId, tallyOutcomes(outcomes, weekOf));
  await keepMisses(tx, shopId, outcomes);
}

async function addTallies(tx: Tx, shopId: number, tallies: Map<string, Tally>): Promise<void> {
  if (tallies.size === 0) return;
  const keys = [...tallies.keys()].map((k) => k.split("|"));
  const values = [...tallies.values()];
  const cols = TALLY_FIELDS.map(column);
  const types = TALLY_FIELDS.map((f) => (FLOAT_FIELDS.has(f) ? "float8" : "int"));
  await tx.query(
    `INSERT INTO forecast_accuracy_weeks AS w (shop_id, week, horizon, demand_class, ${cols.join(", ")})
     SELECT $1, x.* FROM unnest($2::date[], $3::smallint[], $4::text[],
       ${types.map((t, i) => `$${i + 5}::${t}[]`).join(", ")}) AS x
     ON CONFLICT (shop_id, week, horizon, demand_class) DO UPDATE SET
       ${cols.map((c) => `${c} = w.${c} + EXCLUDED.${c}`).join(", ")}`,
    [
      shopId,
      keys.map((k) => k[0]),
      keys.map((k) => Number(k[1])),
      keys.map((k) => k[2]),
      ...TALLY_FIELDS.map((f) => values.map((t) => t[f])),
    ],
  );
}

const FLOAT_FIELDS = new Set<string>([
  "sold",
  "forecast",
  "absError",
  "sqError",
  "seedForecast",
  "seedAbsError",
  "seedSqError",
]);

// Each week keeps its MISSES_PER_WEEK worst 7-day forecasts, one per variant (its worst day).
async function keepMisses(tx: Tx, shopId: number, outcomes: Outcome[]): Promise<void> {
  const misses = worstMisses(outcomes, weekOf, MISSES_PER_WEEK);
  if (misses.length === 0) return;
  const col = <K extends keyof (typeof misses)[number]>(k: K) => misses.map((m) => m[k]);
  await tx.query(
    `INSERT INTO forecast_misses AS m (shop_id, week, variant_id, day, forecast, low, high, seed_forecast,
        sold, open_days, error)
     SELECT $1, x.* FROM unnest($2::date[], $3::bigint[], $4::date[], $5::real[], $6::real[], $7::real[],
        $8::real[], $9::int[], $10::smallint[], $11::real[]) AS x
     ON CONFLICT (shop_id, week, variant_id) DO UPDATE SET
       day = EXCLUDED.day, forecast = EXCLUDED.forecast, low = EXCLUDED.low, high = EXCLUDED.high,
       seed_forecast = EXCLUDED.seed_forecast, sold = EXCLUDED.sold, open_days = EXCLUDED.open_days,
       error = EXCLUDED.error
     WHERE EXCLUDED.error > m.error`,
    [
      shopId,
      col("week"),
      col("variantId"),
      col("day"),
      col("forecast"),
      col("low"),
      col("high"),
      col("seedForecast"),
      misses.map((m) => Math.round(m.sold)),
      col("openDays"),
      col("error"),
    ],
  );
  await tx.query(
    `DELETE FROM forecast_misses m WHERE m.shop_id = $1 AND m.week = ANY($2::date[])
       AND m.variant_id NOT IN (SELECT k.variant_id FROM forecast_misses k
                                WHERE k.shop_id = $1 AND k.week = m.week
                                ORDER BY k.error DESC, k.variant_id LIMIT ${MISSES_PER_WEEK})`,
    [shopId, [...new Set(misses.map((m) => m.week))]],
  );
}
