import { describe, expect, it } from "vitest";
import { inStockAverage } from "./in-stock-average.ts";
import { defaultForecastOptions, type DemandHistory } from "./types.ts";

const opts = { ...defaultForecastOptions, leadTimeDays: 10, reviewDays: 0, targetCoverDays: 30 };

function history(
  units: number[],
  censored: number[] = [],
  over: Partial<DemandHistory> = {},
): DemandHistory {
  return {
    asOf: "2026-03-31",
    units,
    censored: units.map((_, i) => censored[i] ?? 0),
    firstDay: 0,
    available: 20,
    tracked: true,
    price: 10,
    ...over,
  };
}

describe("in-stock 30-day average", () => {
  it("divides units by in-stock days, not by 30", () => {
    // 20 days in stock selling 2/day, then 10 days out of stock selling nothing.
    const units = [...Array(20).fill(2), ...Array(10).fill(0)];
    const censored = [...Array(20).fill(0), ...Array(10).fill(1)];
    const f = inStockAverage(history(units, censored, { available: 20 }), opts);
    expect(f.velocity).toBe(2);
    expect(f.daysOfCover).toBe(10);
    expect(f.stockoutP50).toBe("2026-04-10");
    expect(f.pStockoutLead).toBe(0); // 10 days of cover is not less than a 10-day lead time
    expect(f.pStockoutHorizon).toBe(1);
  });

  it("only looks at the last 30 days", () => {
    const units = [...Array(60).fill(9), ...Array(30).fill(1)];
    expect(inStockAverage(history(units), opts).velocity).toBe(1);
  });

  it("no sales while in stock: velocity 0 and no stockout date", () => {
    const f = inStockAverage(history(Array(30).fill(0)), opts);
    expect(f).toMatchObject({
      status: "no_sales",
      velocity: 0,
      daysOfCover: null,
      stockoutP50: null,
    });
  });

  it("never in stock in the window: demand unknown, no date", () => {
    const f = inStockAverage(history(Array(30).fill(0), Array(30).fill(1), { available: 5 }), opts);
    expect(f).toMatchObject({ status: "never_in_stock", velocity: 0, stockoutP50: null });
  });

  it("negative stock (oversold) counts as out of stock today", () => {
    const f = inStockAverage(history(Array(30).fill(1), [], { available: -3 }), opts);
    expect(f).toMatchObject({ status: "out_of_stock", daysOfCover: 0, stockoutP50: "2026-03-31" });
    expect(f.revenueAtRisk).toBe(1 * 10 * 10); // 1/day × 10 lead days × price 10
  });

  it("untracked inventory is not forecast", () => {
    const f = inStockAverage(history(Array(30).fill(5), [], { tracked: false }), opts);
    expect(f).toMatchObject({ status: "untracked", velocity: 0, stockoutP50: null });
  });

  it("a brand-new variant uses only the days it existed and is flagged", () => {
    const units = [...Array(27).fill(0), 3, 3, 3];
    const f = inStockAverage(history(units, [], { firstDay: 27, available: 30 }), opts);
    expect(f.velocity).toBe(3);
    expect(f.status).toBe("new");
    expect(f.stockoutP50).toBe("2026-04-10");
  });

  it("stock lasting more than a year gives no date", () => {
    const f = inStockAverage(history([...Array(29).fill(0), 1], [], { available: 1000 }), opts);
    expect(f.stockoutP50).toBeNull();
    expect(f.daysOfCover).toBeCloseTo(30_000);
  });

  it("suggests enough to cover lead time plus target, rounded to packs and minimum", () => {
    const f = inStockAverage(history(Array(30).fill(2), [], { available: 10 }), {
      ...opts,
      packSize: 12,
      minOrderQty: 48,
    });
    // 2/day × (30 + 10) − 10 on hand = 70 → 72 in packs of 12, above the minimum of 48.
    expect(f.suggestedQty).toBe(72);
  });
});
