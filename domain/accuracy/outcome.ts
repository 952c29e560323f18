// One stored forecast (a "snapshot": what the engine and the seed formula said for a variant as
// of day D) scored against the series that followed, and how outcomes add up into weekly tallies
// and the list of biggest misses. Pure, no I/O.
import type { DemandClass } from "../forecast/types.ts";
import {
  observedStockoutDay,
  scorePeriod,
  seedStockoutDay,
  stockoutHit,
  type PeriodForecast,
  type PeriodScore,
} from "./score.ts";
import { addPeriod, addStockout, emptyTally, type Tally } from "./tally.ts";

export type Snapshot = {
  variantId: string;
  day: string; // D, YYYY-MM-DD
  demandClass: DemandClass;
  available: number; // on hand at the end of D
  demand7: PeriodForecast;
  demand30: PeriodForecast;
  stockoutDays: number | null; // engine's P50 date − D (null: none within a year)
  seedRate: number;
  scored7: boolean; // already scored: skip that stage
  scored30: boolean;
};

export type StockoutOutcome = { observed: number | null; engineHit: boolean; seedHit: boolean };

// What scoring found this time. `undefined` stages were not scored now (already done, or the
// period has not passed); a null score is a period out of stock every day.
export type Outcome = {
  snapshot: Snapshot;
  week7?: PeriodScore | null;
  month?: PeriodScore | null; // the 30-day period
  stockout?: StockoutOutcome | null; // null: out of stock at D, nothing to predict
};

export const HORIZONS = [7, 30] as const;

// `origin` is D's index in the series; `last` the index of the last day whose outcome is final.
export function scoreSnapshot(
  s: Snapshot,
  series: { units: ArrayLike<number>; censored: ArrayLike<number> },
  origin: number,
  last: number,
): Outcome {
  const out: Outcome = { snapshot: s };
  if (origin < 0) return out;
  const passed = (days: number) => origin + days <= last;
  if (!s.scored7 && passed(7)) out.week7 = scorePeriod(s.demand7, s.seedRate, 7, series, origin);
  if (!s.scored30 && passed(30)) {
    out.month = scorePeriod(s.demand30, s.seedRate, 30, series, origin);
    if (s.available > 0) {
      const observed = observedStockoutDay(series.censored, origin, 30);
      out.stockout = {
        observed,
        engineHit: observed !== null && stockoutHit(s.stockoutDays, observed),
        seedHit:
          observed !== null && stockoutHit(seedStockoutDay(s.available, s.seedRate), observed),
      };
    } else out.stockout = null;
  }
  return out;
}

export function outcomeScored(o: Outcome): boolean {
  return o.week7 !== undefined || o.month !== undefined;
}

// Tallies keyed `${week}|${horizon}|${class}`, `week` given by the caller's weekOf.
export function tallyOutcomes(
  outcomes: Iterable<Outcome>,
  weekOf: (day: string) => string,
): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const at = (o: Outcome, horizon: number) => {
    const key = `${weekOf(o.snapshot.day)}|${horizon}|${o.snapshot.demandClass}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = emptyTally()));
    return t;
  };
  for (const o of outcomes) {
    if (o.week7 !== undefined) addPeriod(at(o, 7), o.week7);
    if (o.month !== undefined) {
      const t = addPeriod(at(o, 30), o.month);
      if (o.stockout?.observed != null) addStockout(t, o.stockout.engineHit, o.stockout.seedHit);
    }
  }
  return tallies;
}

export type Miss = {
  week: string;
  variantId: string;
  day: string;
  forecast: number;
  low: number;
  high: number;
  seedForecast: number;
  sold: number;
  openDays: number;
  error: number;
};

// The worst 7-day misses per week, one per variant (its worst day), at most `perWeek` a week.
export function worstMisses(
  outcomes: Iterable<Outcome>,
  weekOf: (day: string) => string,
  perWeek = 10,
): Miss[] {
  const byWeek = new Map<string, Map<string, Miss>>();
  for (const o of outcomes) {
    const s = o.week7;
    if (!s) continue;
    const miss: Miss = {
      week: weekOf(o.snapshot.day),
      variantId: o.snapshot.variantId,
      day: o.snapshot.day,
      forecast: s.forecast,
      low: o.snapshot.demand7.p10,
      high: o.snapshot.demand7.p90,
      seedForecast: s.seedForecast,
      sold: s.sold,
      openDays: s.openDays,
      error: Math.abs(s.forecast - s.sold),
    };
    let week = byWeek.get(miss.week);
    if (!week) byWeek.set(miss.week, (week = new Map()));
    const prev = week.get(miss.variantId);
    if (!prev || prev.error < miss.error) week.set(miss.variantId, miss);
  }
  const out: Miss[] = [];
  for (const week of byWeek.values())
    out.push(...[...week.values()].sort((a, b) => b.error - a.error).slice(0, perWeek));
  return out;
}
