// Scoring one stored forecast against what happened after it. Pure: the caller hands in the
// forecast made as of day D (the last complete day it saw) and the daily series that followed.
//
// Censoring: a day on which the variant was out of stock at some point says nothing about demand
// (it may have sold more had it been there). Such days are left out of both sides: the actual is
// the units sold on the in-stock days of the period, the forecast is scaled to the same share of
// the period (mean × in-stock days / period days), and so is the seed's. The P10–P90 range is a
// statement about the whole period, so coverage counts only periods in stock every day. A period
// with no in-stock day is not scored at all (counted apart as censored).

// The engine's forecast of one period's total demand.
export type PeriodForecast = { mean: number; p10: number; p90: number };

export type PeriodScore = {
  days: number; // period length (7 or 30)
  openDays: number; // in-stock days of the period (≥ 1: a period without any is not scored)
  sold: number; // units sold on those days (net of returns, at least 0)
  forecast: number; // engine mean scaled to the in-stock days
  seedForecast: number; // seed rate × in-stock days
  // Whether the whole-period sale fell within the P10–P90 range; null when some day was out of
  // stock (the range says nothing about part of a period).
  inRange: boolean | null;
  belowRange: boolean | null; // sold less than P10 (the other misses sold more than P90)
};

// Scores days D+1 … D+days. `units` and `censored` are daily series on one calendar; `origin` is
// the index of D in them. Returns null when no day of the period was in stock, and throws when
// the series does not reach the period's end (the caller must wait until it has passed).
export function scorePeriod(
  f: PeriodForecast,
  seedRate: number,
  days: number,
  series: { units: ArrayLike<number>; censored: ArrayLike<number> },
  origin: number,
): PeriodScore | null {
  if (origin + days >= series.units.length)
    throw new RangeError(`period of ${days} days after index ${origin} has not passed yet`);
  let openDays = 0;
  let sold = 0;
  for (let i = origin + 1; i <= origin + days; i++) {
    if (series.censored[i]) continue;
    openDays++;
    sold += series.units[i] ?? 0;
  }
  if (openDays === 0) return null;
  sold = Math.max(0, sold); // a week of more returns than sales is no negative demand
  const share = openDays / days;
  const whole = openDays === days;
  return {
    days,
    openDays,
    sold,
    forecast: f.mean * share,
    seedForecast: seedRate * openDays,
    inRange: whole ? sold >= f.p10 && sold <= f.p90 : null,
    belowRange: whole ? sold < f.p10 : null,
  };
}

// The first out-of-stock day within `days` after the origin, in days after it (1 = the next
// day); null when it stayed in stock. Meaningful only when it was in stock at the origin.
export function observedStockoutDay(
  censored: ArrayLike<number>,
  origin: number,
  days: number,
): number | null {
  if (origin + days >= censored.length)
    throw new RangeError(`period of ${days} days after index ${origin} has not passed yet`);
  for (let d = 1; d <= days; d++) if (censored[origin + d]) return d;
  return null;
}

// The seed formula's stockout: on hand ÷ (units sold in 30 days ÷ 30), whole days after the
// origin (the date it printed is origin + floor(days of cover)); null when it sells nothing.
export function seedStockoutDay(available: number, seedRate: number): number | null {
  if (available <= 0) return 0;
  if (!(seedRate > 0)) return null;
  const days = Math.floor(available / seedRate);
  return days <= 365 ? days : null;
}

// A predicted stockout "hits" when it falls within `tolerance` days of the observed one. No
// prediction (not within a year) misses.
export const STOCKOUT_TOLERANCE_DAYS = 7;
export function stockoutHit(
  predicted: number | null,
  observed: number,
  tolerance = STOCKOUT_TOLERANCE_DAYS,
): boolean {
  return predicted !== null && Math.abs(predicted - observed) <= tolerance;
}
