// Negative binomial counts, parameterised by mean and size r (variance = mean + mean²/r;
// r = Infinity is the Poisson). Small counts use the exact probability recursion; large ones a
// gamma with the same mean and variance (plus a continuity correction), which is where the
// negative binomial converges anyway and costs a few flops instead of a sum over thousands.
import { gammaCdf, gammaQuantile } from "./special-functions.ts";

// Counts up to this are summed exactly; beyond it the gamma approximation is within ~1e-3.
export const EXACT_MAX = 64;
// Quantile walks stop here and switch to the approximation.
const WALK_MAX = 256;

// Size r giving the requested variance; Infinity (Poisson) when there is no over-dispersion.
export function nbSize(mean: number, variance: number): number {
  const extra = variance - mean;
  return extra > 1e-9 * mean ? (mean * mean) / extra : Infinity;
}

// Pr(X = 0) and the ratio step of the pmf recursion p(k) = p(k-1) * (k - 1 + r) / k * q.
function start(mean: number, r: number): { p0: number; q: number } {
  if (r === Infinity || r > 1e9) return { p0: Math.exp(-mean), q: 0 };
  const q = mean / (r + mean);
  return { p0: Math.exp(r * Math.log1p(-q)), q };
}

function pmfStep(p: number, k: number, mean: number, r: number, q: number): number {
  return q === 0 ? (p * mean) / k : (p * (k - 1 + r) * q) / k;
}

function gammaShapeScale(mean: number, r: number): { shape: number; scale: number } {
  const variance = r === Infinity ? mean : mean + (mean * mean) / r;
  return { shape: (mean * mean) / variance, scale: variance / mean };
}

// Pr(X ≤ k).
export function nbCdf(k: number, mean: number, r: number): number {
  if (k < 0) return 0;
  if (!(mean > 0)) return 1;
  k = Math.floor(k);
  if (k <= EXACT_MAX) {
    const { p0, q } = start(mean, r);
    let p = p0;
    let sum = p0;
    for (let i = 1; i <= k; i++) {
      p = pmfStep(p, i, mean, r, q);
      sum += p;
    }
    return sum < 1 ? sum : 1;
  }
  const { shape, scale } = gammaShapeScale(mean, r);
  return gammaCdf(shape, (k + 0.5) / scale);
}

// Smallest k with Pr(X ≤ k) ≥ p.
export function nbQuantile(p: number, mean: number, r: number): number {
  if (!(mean > 0) || p <= 0) return 0;
  if (mean < WALK_MAX / 4) {
    const { p0, q } = start(mean, r);
    let pk = p0;
    let sum = p0;
    for (let k = 0; k <= WALK_MAX; k++) {
      if (sum >= p) return k;
      pk = pmfStep(pk, k + 1, mean, r, q);
      sum += pk;
    }
  }
  const { shape, scale } = gammaShapeScale(mean, r);
  // Pr(X ≤ k) ≈ G(k + 1/2), so the smallest k is the first integer at or above x_p − 1/2.
  return Math.max(0, Math.ceil(gammaQuantile(p, shape) * scale - 0.5));
}

// E[(X − s)⁺]: expected demand beyond the stock s (lost sales when s is what is on hand).
export function nbExpectedShortfall(s: number, mean: number, r: number): number {
  if (!(mean > 0)) return 0;
  if (s <= 0) return mean - s;
  if (s <= EXACT_MAX) {
    // E[min(X, s)] = Σ_{k<s} Pr(X > k).
    const { p0, q } = start(mean, r);
    let pk = p0;
    let cdf = p0;
    let covered = 0;
    for (let k = 0; k < s; k++) {
      covered += 1 - cdf;
      pk = pmfStep(pk, k + 1, mean, r, q);
      cdf += pk;
    }
    return Math.max(0, mean - covered);
  }
  const { shape, scale } = gammaShapeScale(mean, r);
  const x = s / scale;
  return Math.max(0, mean * (1 - gammaCdf(shape + 1, x)) - s * (1 - gammaCdf(shape, x)));
}
