import { describe, expect, it } from "vitest";
import {
  gammaCdf,
  gammaQuantile,
  lnGamma,
  normalCdf,
  normalQuantile,
} from "./special-functions.ts";

describe("special functions", () => {
  it("log-gamma matches factorials and Γ(1/2) = √π", () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 9);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it("normal CDF and its inverse agree with textbook values", () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.281552)).toBeCloseTo(0.1, 6);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it("gamma CDF is the exponential CDF for shape 1, and a sum of Poissons for integer shape", () => {
    for (const x of [0.1, 1, 3, 10]) expect(gammaCdf(1, x)).toBeCloseTo(1 - Math.exp(-x), 9);
    // P(3, x) = 1 − e^−x (1 + x + x²/2)
    const x = 2.5;
    expect(gammaCdf(3, x)).toBeCloseTo(1 - Math.exp(-x) * (1 + x + (x * x) / 2), 9);
    // Large shapes take the Wilson–Hilferty path: P(40, 45) = 0.791618 by the exact series.
    expect(Math.abs(gammaCdf(40, 45) - 0.791618)).toBeLessThan(2e-4);
  });

  it("gamma quantile inverts the CDF across shapes, including very skewed ones", () => {
    for (const a of [0.05, 0.4, 1, 7, 29, 200]) {
      for (const p of [0.1, 0.5, 0.9]) {
        const tolerance = a >= 30 ? 2e-4 : 1e-7;
        expect(Math.abs(gammaCdf(a, gammaQuantile(p, a)) - p)).toBeLessThan(tolerance);
      }
    }
  });
});
