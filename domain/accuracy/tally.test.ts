import { describe, expect, it } from "vitest";
import { addPeriod, addStockout, emptyTally, figures, mergeTallies } from "./tally.ts";
import type { PeriodScore } from "./score.ts";

const period = (p: Partial<PeriodScore>): PeriodScore => ({
  days: 7,
  openDays: 7,
  sold: 0,
  forecast: 0,
  seedForecast: 0,
  inRange: true,
  belowRange: false,
  ...p,
});

describe("figures", () => {
  it("computes error, bias and range coverage for ours and the seed's", () => {
    const t = emptyTally();
    addPeriod(t, period({ sold: 10, forecast: 12, seedForecast: 5, inRange: true }));
    addPeriod(
      t,
      period({ sold: 30, forecast: 24, seedForecast: 20, inRange: false, belowRange: false }),
    );
    addPeriod(
      t,
      period({
        sold: 0,
        forecast: 2,
        seedForecast: 1,
        openDays: 3,
        inRange: null,
        belowRange: null,
      }),
    );
    addPeriod(t, null);
    const f = figures(t);
    expect(f.periods).toBe(3);
    expect(f.censored).toBe(1);
    // |12−10| + |24−30| + |2−0| = 10 over 40 sold.
    expect(f.wape).toBeCloseTo(10 / 40);
    // |5−10| + |20−30| + |1−0| = 16.
    expect(f.seedWape).toBeCloseTo(16 / 40);
    expect(f.mae).toBeCloseTo(10 / 3);
    expect(f.rmse).toBeCloseTo(Math.sqrt((4 + 36 + 4) / 3));
    expect(f.seedRmse).toBeCloseTo(Math.sqrt((25 + 100 + 1) / 3));
    expect(f.bias).toBeCloseTo(38 / 40 - 1);
    expect(f.seedBias).toBeCloseTo(26 / 40 - 1);
    // Two whole in-stock periods judged: one inside, one above.
    expect(f.rangePeriods).toBe(2);
    expect(f.coverage).toBe(0.5);
    expect(f.belowRange).toBe(0);
    expect(f.aboveRange).toBe(0.5);
  });

  it("has no percentages without sales or periods", () => {
    const f = figures(emptyTally());
    expect(f.wape).toBeNull();
    expect(f.bias).toBeNull();
    expect(f.coverage).toBeNull();
    expect(f.rmse).toBeNull();
    expect(f.stockoutHitRate).toBeNull();
  });

  it("merges like it adds: two weeks merged equal one tally of both", () => {
    const a = addPeriod(emptyTally(), period({ sold: 4, forecast: 3, seedForecast: 6 }));
    const b = addStockout(addPeriod(emptyTally(), period({ sold: 9, forecast: 11 })), true, false);
    const both = addStockout(
      addPeriod(
        addPeriod(emptyTally(), period({ sold: 4, forecast: 3, seedForecast: 6 })),
        period({ sold: 9, forecast: 11 }),
      ),
      true,
      false,
    );
    expect(mergeTallies(mergeTallies(emptyTally(), a), b)).toEqual(both);
    const f = figures(both);
    expect(f.stockoutHitRate).toBe(1);
    expect(f.seedStockoutHitRate).toBe(0);
  });
});
