// Demand summed over the next t days, as a hurdle (zero-modified) negative binomial:
//   Pr(D = 0)          = chance that no sale happens at all in those days,
//   D − 1 | D > 0      ~ negative binomial with the mean and variance left over.
// A plain negative binomial matched to mean and variance badly misjudges lumpy items: an item
// selling 50 units every ~25 days with 10 left has a ~50 % chance of no order within 17 days,
// where the matched NB says 7 %. The zero mass comes from the TSB sale probability instead, so
// the stockout date of a lumpy item is "when the next order comes", as it really is.
//
// Moments over days 1..t (weekday weights w_d, sale probability p·w_d, sizes with mean z and
// mean square z2): mean = p·z·Σw; day-to-day noise = p·z2·Σw − p²·z²·Σw²; plus levelVariance ×
// mean², because the rate itself is uncertain (long horizons widen faster than √t). The same
// rate uncertainty, as a gamma mixing of the sale intensity, gives Pr(no sale) =
// (1 + c²·H)^(−1/c²) with H = −Σ ln(1 − p·w_d).
import { nbCdf, nbExpectedShortfall, nbQuantile, nbSize } from "./negative-binomial.ts";

export const MAX_HORIZON_DAYS = 365;
// A day's sale probability is capped below 1 so that Pr(no sale) stays defined.
const MAX_DAILY_PROBABILITY = 0.999;

export type CumulativeDemand = {
  probability: number; // chance of a sale on an average open day
  size: number; // weekday-adjusted mean units of a sale
  sizeSquare: number; // and their mean square
  levelVariance: number;
  // Prefix sums over the first k days after as-of (k = 0..7): weights, squared weights, and
  // the no-sale hazard.
  weight: Float64Array;
  weightSquare: Float64Array;
  hazard: Float64Array;
};

export function cumulativeDemand(
  probability: number,
  size: number,
  sizeSquare: number,
  levelVariance: number,
  week: ArrayLike<number>,
  asOfDow: number,
): CumulativeDemand {
  const weight = new Float64Array(8);
  const weightSquare = new Float64Array(8);
  const hazard = new Float64Array(8);
  let d = asOfDow;
  for (let k = 1; k <= 7; k++) {
    if (++d === 7) d = 0;
    const w = week[d]!;
    weight[k] = weight[k - 1]! + w;
    weightSquare[k] = weightSquare[k - 1]! + w * w;
    hazard[k] = hazard[k - 1]! - Math.log1p(-Math.min(MAX_DAILY_PROBABILITY, probability * w));
  }
  return { probability, size, sizeSquare, levelVariance, weight, weightSquare, hazard };
}

function over(prefix: Float64Array, t: number): number {
  const weeks = Math.floor(t / 7);
  return weeks * prefix[7]! + prefix[t - 7 * weeks]!;
}

// Expected units over days 1..t after as-of.
export function meanOver(m: CumulativeDemand, days: number): number {
  return m.probability * m.size * over(m.weight, Math.max(0, Math.floor(days)));
}

// The hurdle form of the demand over days 1..t: Pr(D = 0) and the NB of D − 1 given D > 0.
type Hurdle = { zero: number; mean: number; size: number };
const scratch: Hurdle = { zero: 1, mean: 0, size: Infinity };

function hurdle(m: CumulativeDemand, days: number): Hurdle {
  const t = Math.max(0, Math.floor(days));
  const w = over(m.weight, t);
  const mean = m.probability * m.size * w;
  if (!(mean > 0)) {
    scratch.zero = 1;
    scratch.mean = 0;
    scratch.size = Infinity;
    return scratch;
  }
  const p = m.probability;
  const noise = Math.max(
    0,
    p * m.sizeSquare * w - p * p * m.size * m.size * over(m.weightSquare, t),
  );
  const c2 = m.levelVariance;
  const h = over(m.hazard, t);
  let zero = c2 > 1e-9 ? Math.pow(1 + c2 * h, -1 / c2) : Math.exp(-h);
  const secondMoment = noise + (1 + c2) * mean * mean;
  let positiveMean = mean / (1 - zero);
  if (!(positiveMean > 1)) {
    // Fewer units than sales cannot be: the sale chance was overstated, so keep the mean.
    zero = Math.max(0, 1 - mean);
    positiveMean = 1;
  }
  const positiveVariance = Math.max(0, secondMoment / (1 - zero) - positiveMean * positiveMean);
  scratch.zero = zero;
  scratch.mean = positiveMean - 1;
  scratch.size = nbSize(positiveMean - 1, positiveVariance);
  return scratch;
}

// Pr(D ≤ k).
export function demandCdf(m: CumulativeDemand, days: number, k: number): number {
  if (k < 0) return 0;
  const h = hurdle(m, days);
  return h.zero + (1 - h.zero) * nbCdf(k - 1, h.mean, h.size);
}

// Pr(demand over the next `days` days ≥ stock), i.e. Pr(stockout on or before that day).
export function stockoutBy(m: CumulativeDemand, stock: number, days: number): number {
  if (stock <= 0) return 1;
  return 1 - demandCdf(m, days, Math.ceil(stock) - 1);
}

// First day (lo..hi) by which the stockout probability reaches q; null if it does not by hi.
// Callers narrow the range with a quantile they already know (reachedByHi: no need to check).
export function stockoutDay(
  m: CumulativeDemand,
  stock: number,
  q: number,
  lo = 1,
  hi = MAX_HORIZON_DAYS,
  reachedByHi = false,
): number | null {
  if (!reachedByHi && stockoutBy(m, stock, hi) < q) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stockoutBy(m, stock, mid) >= q) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Smallest k with Pr(D ≤ k) ≥ p.
export function demandQuantile(m: CumulativeDemand, days: number, p: number): number {
  const h = hurdle(m, days);
  if (p <= h.zero) return 0;
  return 1 + nbQuantile((p - h.zero) / (1 - h.zero), h.mean, h.size);
}

// Expected demand beyond `stock` within the next `days` days (sales lost before a restock).
export function expectedShortfall(m: CumulativeDemand, stock: number, days: number): number {
  const mean = meanOver(m, days);
  if (!(mean > 0)) return 0;
  const s = Math.max(0, Math.ceil(stock));
  if (s === 0) return mean;
  const h = hurdle(m, days);
  return (1 - h.zero) * nbExpectedShortfall(s - 1, h.mean, h.size);
}
