// The shop's trend. One variant's sales are too noisy to tell whether demand is rising, but
// summed over a batch the shop's movement is clear. Each variant's smoothed rate describes its
// recent past; when the whole shop has been growing (or shrinking) week after week, the next
// weeks will likely sell more (less) than that past, for every variant alike.
//
// "Level" is actual over expected: per day, the batch's weekday-adjusted, outlier-capped units
// on observed days, over the units its variants would sell at their current rates on those
// same days. Variants launched or discontinued during the history, or out of stock, change
// both sums alike, so they do not look like growth or decline. The trend is the least-squares
// slope of log(level) over the last TREND_WEEKS weeks; the rates are carried forward by that
// slope for `leadDays` (the smoothed rate lags the shop's level and the forecast looks weeks
// ahead; a trend is not extrapolated for the whole horizon: it is damped to that lead), and the
// factor is capped so that a holiday week or a one-off bulk order cannot swing every forecast.
// Only variants with the batch's latest as-of date take part and are corrected.
import type { VariantFit } from "./engine.ts";
import type { DemandHistory } from "./types.ts";

// A few dirty variants are no picture of the shop: below this many, no trend from the batch
// (the worker passes the shop's own, see BatchPooling.shopTrend).
export const MIN_SHOP_VARIANTS = 30;
const TREND_WEEKS = 12;
// A week's level counts only when the batch expected this many units in it.
const MIN_WEEK_UNITS = 1;
export const MAX_TREND_FACTOR = 1.25;

// The batch's two daily series, aligned on the last day of the histories with the batch's
// latest as-of date; filled by smoothTsb while it fits each variant.
export type ShopLevelSeries = {
  asOf: string;
  variants: number; // how many variants added to the series
  actual: Float64Array;
  expected: Float64Array;
  observed: Float64Array; // scratch: 1 on the observed days of the variant being fitted
  observedCount: Float64Array; // how many variants were observed each day
};

export function newShopLevelSeries(
  histories: readonly DemandHistory[],
): ShopLevelSeries | undefined {
  let asOf = "";
  let length = 0;
  for (const h of histories) if (h.tracked && h.asOf > asOf) asOf = h.asOf;
  for (const h of histories) if (h.asOf === asOf) length = Math.max(length, h.units.length);
  if (asOf === "") return undefined;
  return {
    asOf,
    variants: 0,
    actual: new Float64Array(length),
    expected: new Float64Array(length),
    observed: new Float64Array(length),
    observedCount: new Float64Array(length),
  };
}

// Daily growth rate of the shop's level (log per day); 0 when the batch cannot tell.
export function shopTrendSlope(series: ShopLevelSeries): number {
  if (series.variants < MIN_SHOP_VARIANTS) return 0;
  const { actual, expected } = series;
  const end = actual.length;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let w = 0; w < TREND_WEEKS; w++) {
    const hi = end - 7 * w;
    const lo = hi - 7;
    if (lo < 0) break;
    let a = 0;
    let e = 0;
    for (let t = lo; t < hi; t++) {
      a += actual[t]!;
      e += expected[t]!;
    }
    if (!(a > 0) || !(e >= MIN_WEEK_UNITS)) continue;
    const x = -7 * w - 3; // the week's middle day, relative to the last day
    const y = Math.log(a / e);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const denominator = n * sxx - sx * sx;
  return n >= 4 && denominator > 0 ? (n * sxy - sx * sy) / denominator : 0;
}

// Yearly seasonality, where the batch has more than a year of history: how the shop's level
// moved last year from the SEASON_BEFORE days before this date to the SEASON_AHEAD days after
// it (same actual ÷ expected level as the trend, so launches and stockouts do not count as
// season). A shop that sold 60 % more in the month after last year's 10 November than in the
// month before gets its rates raised by that much now. 1 when the history is too short, or the
// batch too small, to tell; capped at ×MAX_SEASON_FACTOR either way.
export const SEASON_AHEAD = 30;
export const SEASON_BEFORE = 28;
const YEAR = 364; // 52 weeks: the same weekdays a year ago
export const MAX_SEASON_FACTOR = 1.6;
// Observed variant-days each window needs before last year says anything.
const MIN_SEASON_VARIANT_DAYS = 300;

export function seasonalFactor(series: ShopLevelSeries): number {
  if (series.variants < MIN_SHOP_VARIANTS) return 1;
  const { actual, expected } = series;
  const end = actual.length; // index end - 1 is as-of
  const pivot = end - 1 - YEAR; // last year's as-of
  if (pivot - SEASON_BEFORE + 1 < 0 || pivot + SEASON_AHEAD > end - 1) return 1;
  const level = (from: number, to: number): number => {
    let a = 0;
    let e = 0;
    for (let t = from; t <= to; t++) {
      a += actual[t]!;
      e += expected[t]!;
    }
    return a > 0 && e > 0 ? a / e : NaN;
  };
  const before = level(pivot - SEASON_BEFORE + 1, pivot);
  const ahead = level(pivot + 1, pivot + SEASON_AHEAD);
  if (!(before > 0) || !(ahead > 0)) return 1;
  if (observedDays(series, pivot - SEASON_BEFORE + 1, pivot) < MIN_SEASON_VARIANT_DAYS) return 1;
  if (observedDays(series, pivot + 1, pivot + SEASON_AHEAD) < MIN_SEASON_VARIANT_DAYS) return 1;
  return Math.min(MAX_SEASON_FACTOR, Math.max(1 / MAX_SEASON_FACTOR, ahead / before));
}

function observedDays(series: ShopLevelSeries, from: number, to: number): number {
  let n = 0;
  for (let t = from; t <= to; t++) n += series.observedCount[t]!;
  return n;
}

// Multiplier for the rates, from a daily slope carried forward `leadDays`.
export function trendFactor(slope: number, leadDays: number): number {
  const f = Math.exp(slope * leadDays);
  return Number.isFinite(f) ? Math.min(MAX_TREND_FACTOR, Math.max(1 / MAX_TREND_FACTOR, f)) : 1;
}

// The same demand, `factor` times as much: more sales of the same size (until one a day).
export function scaleRate(fit: VariantFit, factor: number): VariantFit {
  if (factor === 1 || !(fit.rate > 0)) return fit;
  let probability = fit.probability * factor;
  let size = fit.size;
  let sizeSquare = fit.sizeSquare;
  if (probability > 1) {
    size *= probability;
    sizeSquare *= probability * probability;
    probability = 1;
  }
  return { ...fit, rate: fit.rate * factor, probability, size, sizeSquare };
}
