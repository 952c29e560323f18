// Sums that scored periods add up to, and the figures the accuracy page prints from them. A tally
// is additive (merge two weeks, two demand classes), so the worker stores tallies per week and
// class, and any view is a merge of stored tallies. Pure, no I/O.
import type { PeriodScore } from "./score.ts";

export type Tally = {
  periods: number; // scored variant-periods
  censored: number; // periods out of stock every day: not scored
  sold: number; // Σ units sold on in-stock days
  forecast: number; // Σ engine forecasts, scaled to the in-stock days
  absError: number; // Σ |forecast − sold|
  sqError: number; // Σ (forecast − sold)²
  seedForecast: number;
  seedAbsError: number;
  seedSqError: number;
  rangePeriods: number; // periods in stock every day: the P10–P90 range can be judged
  inRange: number;
  belowRange: number;
  stockouts: number; // periods in which a variant in stock at the origin ran out
  stockoutHits: number; // … and the engine's P50 date was within the tolerance
  seedStockoutHits: number; // … and the seed's date was
};

export const TALLY_FIELDS = [
  "periods",
  "censored",
  "sold",
  "forecast",
  "absError",
  "sqError",
  "seedForecast",
  "seedAbsError",
  "seedSqError",
  "rangePeriods",
  "inRange",
  "belowRange",
  "stockouts",
  "stockoutHits",
  "seedStockoutHits",
] as const satisfies readonly (keyof Tally)[];

export function emptyTally(): Tally {
  const t = {} as Tally;
  for (const k of TALLY_FIELDS) t[k] = 0;
  return t;
}

// Adds one period's score; null is a period that was out of stock every day.
export function addPeriod(t: Tally, s: PeriodScore | null): Tally {
  if (s === null) {
    t.censored++;
    return t;
  }
  const e = s.forecast - s.sold;
  const es = s.seedForecast - s.sold;
  t.periods++;
  t.sold += s.sold;
  t.forecast += s.forecast;
  t.absError += Math.abs(e);
  t.sqError += e * e;
  t.seedForecast += s.seedForecast;
  t.seedAbsError += Math.abs(es);
  t.seedSqError += es * es;
  if (s.inRange !== null) {
    t.rangePeriods++;
    if (s.inRange) t.inRange++;
    if (s.belowRange) t.belowRange++;
  }
  return t;
}

export function addStockout(t: Tally, engineHit: boolean, seedHit: boolean): Tally {
  t.stockouts++;
  if (engineHit) t.stockoutHits++;
  if (seedHit) t.seedStockoutHits++;
  return t;
}

export function mergeTallies(into: Tally, from: Partial<Tally>): Tally {
  for (const k of TALLY_FIELDS) into[k] += from[k] ?? 0;
  return into;
}

export type Figures = {
  periods: number;
  censored: number;
  sold: number;
  // Weighted absolute percentage error: Σ|error| ÷ Σ sold ("off by X%"); null without sales.
  wape: number | null;
  seedWape: number | null;
  mae: number | null; // units per variant-period
  seedMae: number | null;
  rmse: number | null;
  seedRmse: number | null;
  // Σ forecast ÷ Σ sold − 1: +0.1 = forecast 10% too high overall, −0.1 = too low.
  bias: number | null;
  seedBias: number | null;
  coverage: number | null; // share of whole in-stock periods inside P10–P90 (aim: 80%)
  belowRange: number | null; // share that sold less than P10 (aim: 10%)
  aboveRange: number | null; // … more than P90 (aim: 10%)
  rangePeriods: number;
  stockouts: number;
  stockoutHitRate: number | null;
  seedStockoutHitRate: number | null;
};

export function figures(t: Tally): Figures {
  const per = (x: number, n: number) => (n > 0 ? x / n : null);
  const range = (x: number) => per(x, t.rangePeriods);
  return {
    periods: t.periods,
    censored: t.censored,
    sold: t.sold,
    wape: per(t.absError, t.sold),
    seedWape: per(t.seedAbsError, t.sold),
    mae: per(t.absError, t.periods),
    seedMae: per(t.seedAbsError, t.periods),
    rmse: t.periods > 0 ? Math.sqrt(t.sqError / t.periods) : null,
    seedRmse: t.periods > 0 ? Math.sqrt(t.seedSqError / t.periods) : null,
    bias: t.sold > 0 ? t.forecast / t.sold - 1 : null,
    seedBias: t.sold > 0 ? t.seedForecast / t.sold - 1 : null,
    coverage: range(t.inRange),
    belowRange: range(t.belowRange),
    aboveRange: range(t.rangePeriods - t.inRange - t.belowRange),
    rangePeriods: t.rangePeriods,
    stockouts: t.stockouts,
    stockoutHitRate: per(t.stockoutHits, t.stockouts),
    seedStockoutHitRate: per(t.seedStockoutHits, t.stockouts),
  };
}
