import { describe, expect, it } from "vitest";
import { MetricAccumulator, naiveScale, pinball, type PairOutcome } from "./backtest-metrics.ts";

const pair = (over: Partial<PairOutcome>): PairOutcome => ({
  sku: 1,
  demandClass: "smooth",
  stock: 10,
  trueStockoutDay: null,
  predictedStockoutDay: null,
  actual30: 30,
  mean30: 30,
  p10: 20,
  p50: 30,
  p90: 40,
  scaleAbs: 10,
  scaleSquare: 100,
  weight: 1,
  ...over,
});

describe("backtest metrics", () => {
  it("a date is a hit within ±3/±7 days; 'none within the window' is a hit when there is none", () => {
    const m = new MetricAccumulator(30);
    m.add(pair({ trueStockoutDay: 10, predictedStockoutDay: 12 })); // ±3 and ±7
    m.add(pair({ trueStockoutDay: 10, predictedStockoutDay: 16 })); // ±7 only
    m.add(pair({ trueStockoutDay: 10, predictedStockoutDay: null })); // miss
    m.add(pair({ trueStockoutDay: null, predictedStockoutDay: 45 })); // hit: none within 30
    m.add(pair({ trueStockoutDay: null, predictedStockoutDay: 25 })); // miss: false alarm
    m.add(pair({ stock: 0, trueStockoutDay: null, predictedStockoutDay: 0 })); // not dated
    const r = m.result();
    expect(r.date_pairs).toBe(5);
    expect(r.stockouts_in_window).toBe(3);
    expect(r.hit3).toBeCloseTo(2 / 5, 12);
    expect(r.hit7).toBeCloseTo(3 / 5, 12);
  });

  it("bias, coverage and scaled errors", () => {
    const m = new MetricAccumulator(30);
    m.add(pair({ sku: 1, actual30: 50, mean30: 30 })); // above P90
    m.add(pair({ sku: 1, actual30: 30, mean30: 30 }));
    m.add(pair({ sku: 2, actual30: 20, mean30: 40, p10: 20, p50: 40, p90: 60, weight: 3 }));
    const r = m.result();
    expect(r.bias).toBeCloseTo(100 / 100, 12);
    expect(r.coverage80).toBeCloseTo(2 / 3, 12);
    // SKU 1: errors 20 and 0 → RMSSE √(200/100) ; SKU 2: error 20 → 2. Weighted 2:3.
    expect(r.rmsse).toBeCloseTo((2 * Math.sqrt(2) + 3 * 2) / 5, 12);
    expect(r.rmsse_unweighted).toBeCloseTo((Math.sqrt(2) + 2) / 2, 12);
    expect(r.mase).toBeCloseTo((2 * 1 + 3 * 2) / 5, 12);
  });

  it("pinball loss punishes the wrong side of a quantile by the right weight", () => {
    expect(pinball(10, 20, 0.9)).toBeCloseTo(1, 12); // 0.1 × 10 over-forecast
    expect(pinball(30, 20, 0.9)).toBeCloseTo(9, 12); // 0.9 × 10 under-forecast
  });

  it("naive scale: error of 'next 30 days = last 30 days' over the history", () => {
    const demand = [...Array(30).fill(1), ...Array(30).fill(3)]; // two blocks: 30 then 90
    const prefix = new Float64Array(61);
    demand.forEach((u, t) => (prefix[t + 1] = prefix[t]! + u));
    expect(naiveScale(prefix, 0, 59, 30)).toEqual({ abs: 60, square: 3600 });
    expect(naiveScale(prefix, 0, 40, 30)).toEqual({ abs: 0, square: 0 }); // too short
  });
});
