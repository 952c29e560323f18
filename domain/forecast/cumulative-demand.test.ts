import { describe, expect, it } from "vitest";
import {
  cumulativeDemand,
  demandQuantile,
  expectedShortfall,
  meanOver,
  stockoutBy,
  stockoutDay,
} from "./cumulative-demand.ts";
import { FLAT_WEEK } from "./day-of-week.ts";

describe("cumulative demand (hurdle negative binomial)", () => {
  it("a lumpy item with little stock runs out when the next order comes, not at stock / rate", () => {
    // One order of ~50 units every 25 days on average, 10 units left.
    const m = cumulativeDemand(0.04, 50, 50 * 50 * 1.1, 0, FLAT_WEEK, 2);
    // Pr(an order within 17 days) = 1 − 0.96^17 ≈ 0.50, though stock / rate is 5 days.
    expect(stockoutBy(m, 10, 17)).toBeCloseTo(1 - 0.96 ** 17, 1);
    const p50 = stockoutDay(m, 10, 0.5)!;
    expect(p50).toBeGreaterThanOrEqual(15);
    expect(p50).toBeLessThanOrEqual(19);
  });

  it("keeps the mean: rate × weekday weight of the days ahead", () => {
    const m = cumulativeDemand(0.3, 4, 20, 0.2, FLAT_WEEK, 0);
    expect(meanOver(m, 30)).toBeCloseTo(0.3 * 4 * 30, 10);
    expect(meanOver(m, 0)).toBe(0);
  });

  it("a fast mover's median 30-day demand is near its mean, and P10 < P50 < P90", () => {
    const m = cumulativeDemand(1, 10, 110, 0, FLAT_WEEK, 0);
    const [p10, p50, p90] = [0.1, 0.5, 0.9].map((p) => demandQuantile(m, 30, p));
    expect(Math.abs(p50! - 300)).toBeLessThan(6);
    expect(p10).toBeLessThan(p50!);
    expect(p90).toBeGreaterThan(p50!);
  });

  it("uncertainty about the rate itself widens the range", () => {
    const sure = cumulativeDemand(1, 10, 110, 0, FLAT_WEEK, 0);
    const unsure = cumulativeDemand(1, 10, 110, 0.2, FLAT_WEEK, 0);
    const width = (m: typeof sure) => demandQuantile(m, 30, 0.9) - demandQuantile(m, 30, 0.1);
    expect(width(unsure)).toBeGreaterThan(2 * width(sure));
  });

  it("never predicts a stockout on a day the shop is closed", () => {
    const closedSaturday = [7 / 6, 7 / 6, 7 / 6, 7 / 6, 7 / 6, 7 / 6, 0];
    const friday = 5;
    const m = cumulativeDemand(1, 5, 30, 0, closedSaturday, friday);
    expect(stockoutBy(m, 3, 1)).toBe(0); // day 1 is a Saturday
    for (const stock of [3, 20, 41, 77]) {
      for (const q of [0.1, 0.5, 0.9]) {
        const day = stockoutDay(m, stock, q)!;
        expect((friday + day) % 7).not.toBe(6);
      }
    }
  });

  it("no date when the stock outlasts a year", () => {
    const m = cumulativeDemand(0.1, 1, 1, 0, FLAT_WEEK, 0);
    expect(stockoutDay(m, 1000, 0.5)).toBeNull();
  });

  it("expected shortfall: nothing when stock is ample, most of the demand when there is none", () => {
    const m = cumulativeDemand(1, 5, 30, 0, FLAT_WEEK, 0);
    expect(expectedShortfall(m, 500, 14)).toBeLessThan(0.01);
    expect(expectedShortfall(m, 0, 14)).toBeCloseTo(70, 8);
    const some = expectedShortfall(m, 50, 14);
    expect(some).toBeGreaterThan(15);
    expect(some).toBeLessThan(25);
  });
});
