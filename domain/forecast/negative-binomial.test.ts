import { describe, expect, it } from "vitest";
import { EXACT_MAX, nbCdf, nbExpectedShortfall, nbQuantile, nbSize } from "./negative-binomial.ts";

// Exact CDF by summing the pmf, for checking the approximations.
function exactCdf(k: number, mean: number, r: number): number {
  const q = mean / (r + mean);
  let p = Math.pow(1 - q, r);
  let sum = p;
  for (let i = 1; i <= k; i++) {
    p *= ((i - 1 + r) * q) / i;
    sum += p;
  }
  return sum;
}

describe("negative binomial", () => {
  it("size reproduces the variance; no over-dispersion means Poisson", () => {
    const r = nbSize(10, 30);
    expect(10 + 100 / r).toBeCloseTo(30, 10);
    expect(nbSize(10, 10)).toBe(Infinity);
    expect(nbSize(10, 8)).toBe(Infinity);
  });

  it("Poisson probabilities for r = Infinity", () => {
    expect(nbCdf(0, 2, Infinity)).toBeCloseTo(Math.exp(-2), 12);
    expect(nbCdf(2, 2, Infinity)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 12);
  });

  it("beyond the exact range the gamma approximation stays within 0.01 of the exact CDF", () => {
    for (const [mean, r] of [
      [80, 3],
      [200, 0.5],
      [1000, 8],
      [120, 40],
    ] as const) {
      for (const k of [EXACT_MAX + 1, Math.round(mean), Math.round(mean * 1.5)]) {
        expect(Math.abs(nbCdf(k, mean, r) - exactCdf(k, mean, r))).toBeLessThan(0.01);
      }
    }
  });

  it("quantiles are the smallest count whose CDF reaches p", () => {
    for (const [mean, r] of [
      [3, 2],
      [40, 0.7],
      [500, 5],
    ] as const) {
      for (const p of [0.1, 0.5, 0.9, 0.95]) {
        const k = nbQuantile(p, mean, r);
        expect(nbCdf(k, mean, r)).toBeGreaterThanOrEqual(p - 2e-3);
        if (k > 0) expect(nbCdf(k - 1, mean, r)).toBeLessThan(p + 2e-3);
      }
    }
    expect(nbQuantile(0.9, 0, 1)).toBe(0);
  });

  it("expected shortfall is what demand exceeds the stock by, on average", () => {
    // Poisson(1), stock 1: E[(X−1)+] = E[X] − 1 + P(X = 0) = e^−1.
    expect(nbExpectedShortfall(1, 1, Infinity)).toBeCloseTo(Math.exp(-1), 10);
    expect(nbExpectedShortfall(0, 7, 2)).toBeCloseTo(7, 10);
    // Large stock, far above the demand: nothing is lost.
    expect(nbExpectedShortfall(400, 100, 50)).toBeLessThan(1e-3);
    // Large mean with stock at the mean: a sizeable shortfall, below the mean.
    const s = nbExpectedShortfall(300, 300, 10);
    expect(s).toBeGreaterThan(10);
    expect(s).toBeLessThan(300);
  });
});
