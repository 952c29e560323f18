// Shop-level level. A variant's sales are too noisy to tell whether the variant or the whole
// shop is moving, but summed over a batch the shop's level is nearly noise-free. So a
// variant's rate is rescaled from the shop level as seen through the variant's own smoothing
// (constant beta) to the shop level as seen through the shop-level smoothing (constant
// `shopLevel`, chosen by the backtest). Where the variant's memory is long (beta below it), the
// rate catches up with a shop-wide surge or slump it would otherwise lag for weeks; where it is
// short, the shop-wide part of its swings is calmed to the shop's smoother level. Either way
// the variant keeps its own share of the shop.
//
// "Level" is actual over expected: per day, the batch's weekday-adjusted, outlier-capped units
// on observed days, over the units its variants would sell at their current rates on those
// same days. Variants launched or discontinued during the history, or out of stock, change
// both sums alike, so they do not look like growth or decline. Only variants with the batch's
// latest as-of date take part and are corrected. Sizes are capped like the rate's (tsb.ts).
import type { VariantFit } from "./engine.ts";
import type { DemandHistory } from "./types.ts";

const WARM_UP_DAYS = 28; // days averaged to start each smoothing
// A few dirty variants are no picture of the shop: below this many, no correction (the worker
// can pool the whole shop instead).
export const MIN_SHOP_VARIANTS = 30;
const MAX_FACTOR = 2;

// The batch's two daily series, aligned on the last day of the histories with the batch's
// latest as-of date; filled by smoothTsb while it fits each variant.
export type ShopLevelSeries = {
  asOf: string;
  variants: number; // how many variants added to the series
  actual: Float64Array;
  expected: Float64Array;
  observed: Float64Array; // scratch: 1 on the observed days of the variant being fitted
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
  };
}

// Multiplier for the rates of variants smoothed with constant beta.
export function shopLevelFactors(
  series: ShopLevelSeries,
  shopLevel: number,
): (beta: number) => number {
  if (series.variants < MIN_SHOP_VARIANTS) return () => 1;
  const { actual, expected } = series;
  const length = actual.length;
  const level = (beta: number): number => {
    let a = 0;
    let e = 0;
    let seen = 0;
    for (let t = 0; t < length; t++) {
      if (!(expected[t]! > 0)) continue;
      if (seen < WARM_UP_DAYS) {
        a += actual[t]!;
        e += expected[t]!;
        if (++seen === WARM_UP_DAYS) {
          a /= WARM_UP_DAYS;
          e /= WARM_UP_DAYS;
        }
        continue;
      }
      a += beta * (actual[t]! - a);
      e += beta * (expected[t]! - e);
    }
    return seen === WARM_UP_DAYS && e > 0 ? a / e : NaN;
  };
  const now = level(shopLevel);
  const factors = new Map<number, number>();
  return (beta: number): number => {
    let f = factors.get(beta);
    if (f === undefined) {
      const ratio = now / level(beta);
      f =
        Number.isFinite(ratio) && ratio > 0
          ? Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, ratio))
          : 1;
      factors.set(beta, f);
    }
    return f;
  };
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
