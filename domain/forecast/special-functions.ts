// Numerical building blocks for the count distributions. Tuned for speed at the accuracy a
// forecast needs (about 1e-7 in the body of a distribution); extreme tails are not the point.

const HALF_LN_2PI = 0.9189385332046728;

// log Γ(x) for x > 0: shift up to x ≥ 8, then the Stirling series (error below 1e-10 there).
export function lnGamma(x: number): number {
  let product = 1;
  while (x < 8) {
    product *= x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series - Math.log(product);
}

// Standard normal CDF via the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7).
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const tail = 0.5 * poly * Math.exp(-x * x);
  return z >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<number, number>();

// Inverse of normalCdf. Callers ask for a handful of fixed probabilities (0.1, 0.5, 0.9, the
// service level), so results are cached and Newton's method can take its time.
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const cached = quantileCache.get(p);
  if (cached !== undefined) return cached;
  // Start from a logistic approximation, then Newton on the CDF.
  let z = Math.log(p / (1 - p)) / 1.702;
  for (let i = 0; i < 50; i++) {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const step = (normalCdf(z) - p) / Math.max(density, 1e-300);
    z -= Math.max(-1, Math.min(1, step));
    if (Math.abs(step) < 1e-12) break;
  }
  if (quantileCache.size < 1000) quantileCache.set(p, z);
  return z;
}

// Above this shape the Wilson–Hilferty cube-root transform is accurate to about 1e-4 and far
// cheaper than the series or continued fraction.
const WILSON_HILFERTY_MIN_SHAPE = 30;
const EPS = 1e-10;
const TINY = 1e-300;

// Regularized lower incomplete gamma P(a, x) = Pr(Gamma(shape a, scale 1) ≤ x).
export function gammaCdf(a: number, x: number): number {
  if (x <= 0) return 0;
  if (a >= WILSON_HILFERTY_MIN_SHAPE) {
    const v = 1 / (9 * a);
    return normalCdf((Math.cbrt(x / a) - (1 - v)) / Math.sqrt(v));
  }
  const logPrefix = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    // Power series, converges fast when x is below the mode.
    let term = 1 / a;
    let sum = term;
    let denom = a;
    for (let n = 0; n < 1000; n++) {
      denom += 1;
      term *= x / denom;
      sum += term;
      if (term < sum * EPS) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Continued fraction for the upper tail (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

// Quantile of Gamma(shape a, scale 1): Wilson–Hilferty start, then safeguarded Newton steps.
export function gammaQuantile(p: number, a: number): number {
  if (p <= 0) return 0;
  const z = normalQuantile(p);
  const v = 1 / (9 * a);
  const cube = 1 - v + z * Math.sqrt(v);
  let x = cube > 0 ? a * cube * cube * cube : 0;
  if (a >= WILSON_HILFERTY_MIN_SHAPE) return x;
  // Near zero P(a, x) ≈ x^a / Γ(a + 1): a better start for small shapes and low quantiles.
  const small = Math.exp((Math.log(p) + lnGamma(a + 1)) / a);
  if (!(x > 0) || (a < 1 && small < x)) x = small;
  let lo = 0;
  let hi = Infinity;
  const lnGa = lnGamma(a);
  for (let i = 0; i < 40; i++) {
    const f = gammaCdf(a, x) - p;
    if (Math.abs(f) < 1e-9) break;
    if (f > 0) hi = x;
    else lo = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - lnGa);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = hi === Infinity ? Math.max(2 * x, lo + 1) : (lo + hi) / 2;
    }
    if (Math.abs(next - x) <= 1e-10 * x) {
      x = next;
      break;
    }
    x = next;
  }
  return x;
}
