// What the worker keeps of each forecast for the accuracy tracker: the engine's 7- and 30-day
// demand (mean, P10, P90) and stockout P50, and what the seed formula said for the same variant
// and day (its rate; its stockout date is on hand ÷ rate). One small row per variant and day.
import type { Tx } from "../../infra/db.ts";
import {
  daysBetween,
  type DemandHistory,
  type ForecastOptions,
  type VariantForecast,
} from "../../domain/forecast/index.ts";
import { seedFormula } from "../../domain/forecast/seed-formula.ts";
import { demandClassCode, type Outcome, type Snapshot } from "../../domain/accuracy/index.ts";

// A snapshot as written: the forecast, and its outcome when the replay scores it at once.
export type SnapshotRow = { snapshot: Snapshot; outcome?: Outcome; replayed: boolean };

// null when there is nothing to score: untracked, or no demand forecast (never seen in stock).
export function snapshotOf(
  variantId: string,
  h: DemandHistory,
  options: ForecastOptions,
  f: VariantForecast,
): Snapshot | null {
  if (!h.tracked) return null;
  const values = [
    f.demand7Mean,
    f.demand7P10,
    f.demand7P90,
    f.demand30Mean,
    f.demand30P10,
    f.demand30P90,
  ];
  if (!values.every((v) => typeof v === "number" && Number.isFinite(v))) return null;
  const [m7, lo7, hi7, m30, lo30, hi30] = values as number[];
  const stockout = f.stockoutP50 === null ? null : daysBetween(h.asOf, f.stockoutP50);
  return {
    variantId,
    day: h.asOf,
    demandClass: f.demandClass,
    available: Math.trunc(h.available),
    demand7: { mean: m7!, p10: lo7!, p90: hi7! },
    demand30: { mean: m30!, p10: lo30!, p90: hi30! },
    stockoutDays: stockout === null || stockout > 366 ? null : Math.max(0, stockout),
    seedRate: seedFormula(h, options).velocity,
    scored7: false,
    scored30: false,
  };
}

// Inserts snapshots; a (variant, day) already kept keeps its first forecast. Returns the keys
// (`day|variant`) written. Outcomes the replay scored at once go in with the row.
export async function insertSnapshots(
  tx: Tx,
  shopId: number,
  rows: SnapshotRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const col = <T>(pick: (r: SnapshotRow) => T) => rows.map(pick);
  const s = (r: SnapshotRow) => r.snapshot;
  const { rows: written } = await tx.query<{ key: string }>(
    `INSERT INTO forecast_snapshots (shop_id, day, variant_id, demand7_mean, demand7_p10, demand7_p90,
        demand30_mean, demand30_p10, demand30_p90, seed_rate, available, stockout_days, demand_class,
        replayed, sold7, open7, sold30, open30, stockout_actual)
     SELECT $1, x.* FROM unnest($2::date[], $3::bigint[], $4::real[], $5::real[], $6::real[], $7::real[],
        $8::real[], $9::real[], $10::real[], $11::int[], $12::smallint[], $13::smallint[], $14::boolean[],
        $15::int[], $16::smallint[], $17::int[], $18::smallint[], $19::smallint[]) AS x
     ON CONFLICT (shop_id, day, variant_id) DO NOTHING
     RETURNING to_char(day, 'YYYY-MM-DD') || '|' || variant_id AS key`,
    [
      shopId,
      col((r) => s(r).day),
      col((r) => s(r).variantId),
      col((r) => s(r).demand7.mean),
      col((r) => s(r).demand7.p10),
      col((r) => s(r).demand7.p90),
      col((r) => s(r).demand30.mean),
      col((r) => s(r).demand30.p10),
      col((r) => s(r).demand30.p90),
      col((r) => s(r).seedRate),
      col((r) => s(r).available),
      col((r) => s(r).stockoutDays),
      col((r) => demandClassCode(s(r).demandClass)),
      col((r) => r.replayed),
      ...outcomeColumns(rows.map((r) => r.outcome)),
    ],
  );
  return new Set(written.map((r) => r.key));
}

// sold7, open7, sold30, open30, stockout_actual of each outcome (null where not scored).
export function outcomeColumns(outcomes: (Outcome | undefined)[]): unknown[][] {
  const stage = (p: Outcome["week7"]) =>
    p === undefined ? [null, null] : p === null ? [0, 0] : [Math.round(p.sold), p.openDays];
  const w = outcomes.map((o) => stage(o?.week7));
  const m = outcomes.map((o) => stage(o?.month));
  return [
    w.map((x) => x[0]),
    w.map((x) => x[1]),
    m.map((x) => x[0]),
    m.map((x) => x[1]),
    outcomes.map((o) => o?.stockout?.observed ?? null),
  ];
}

export const snapshotKey = (s: Pick<Snapshot, "day" | "variantId">) => `${s.day}|${s.variantId}`;

// The daily snapshot: each variant's first forecast made from the complete history through D
// (the recompute that follows the day's turn, or an earlier one that day) is kept.
export async function keepDailySnapshots(
  tx: Tx,
  shopId: number,
  batch: {
    variantId: string;
    history: DemandHistory;
    options: ForecastOptions;
    f: VariantForecast;
  }[],
): Promise<number> {
  const rows: SnapshotRow[] = [];
  for (const b of batch) {
    const snapshot = snapshotOf(b.variantId, b.history, b.options, b.f);
    if (snapshot) rows.push({ snapshot, replayed: false });
  }
  return (await insertSnapshots(tx, shopId, rows)).size;
}
