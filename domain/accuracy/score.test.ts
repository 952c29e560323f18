import { describe, expect, it } from "vitest";
import { observedStockoutDay, scorePeriod, seedStockoutDay, stockoutHit } from "./score.ts";

// Day 0 is the origin D; the period is days 1..n.
const series = (units: number[], censored: number[] = units.map(() => 0)) => ({
  units,
  censored,
});

describe("scorePeriod", () => {
  it("compares a fully in-stock week with the whole forecast and judges the range", () => {
    const s = scorePeriod(
      { mean: 10, p10: 6, p90: 14 },
      1.5,
      7,
      series([99, 1, 2, 1, 3, 0, 2, 3]),
      0,
    );
    expect(s).toEqual({
      days: 7,
      openDays: 7,
      sold: 12,
      forecast: 10,
      seedForecast: 10.5,
      inRange: true,
      belowRange: false,
    });
  });

  it("leaves out-of-stock days out of both sides and does not judge the range", () => {
    // Sold 2 a day while in stock, then ran out on days 5–7: demand on those days is unknown.
    const s = scorePeriod(
      { mean: 14, p10: 9, p90: 20 },
      1,
      7,
      series([0, 2, 2, 2, 2, 0, 0, 0], [0, 0, 0, 0, 0, 1, 1, 1]),
      0,
    )!;
    expect(s.openDays).toBe(4);
    expect(s.sold).toBe(8);
    expect(s.forecast).toBeCloseTo(14 * (4 / 7));
    expect(s.seedForecast).toBe(4);
    expect(s.inRange).toBeNull();
    expect(s.belowRange).toBeNull();
  });

  it("leaves the sell-out day out, with what it sold", () => {
    // The sell-out day's 3 units are left out with the day (its demand was cut short).
    const s = scorePeriod(
      { mean: 7, p10: 3, p90: 11 },
      1,
      7,
      series([0, 1, 1, 1, 1, 1, 1, 3], [0, 0, 0, 0, 0, 0, 0, 1]),
      0,
    )!;
    expect(s.openDays).toBe(6);
    expect(s.sold).toBe(6);
  });

  it("returns null for a period out of stock every day", () => {
    expect(
      scorePeriod(
        { mean: 5, p10: 1, p90: 9 },
        1,
        7,
        series([0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]),
        0,
      ),
    ).toBeNull();
  });

  it("scores from any origin inside a longer series", () => {
    const units = [5, 5, 5, 0, 1, 0, 1, 0, 1, 0, 1];
    const s = scorePeriod({ mean: 3, p10: 1, p90: 5 }, 0.5, 7, series(units), 3)!;
    expect(s.sold).toBe(4);
    expect(s.inRange).toBe(true);
  });

  it("marks sales under P10 as below the range", () => {
    const s = scorePeriod(
      { mean: 20, p10: 12, p90: 28 },
      3,
      7,
      series([0, 1, 1, 1, 1, 1, 1, 1]),
      0,
    )!;
    expect(s.inRange).toBe(false);
    expect(s.belowRange).toBe(true);
  });

  it("never counts net returns as negative demand", () => {
    const s = scorePeriod(
      { mean: 1, p10: 0, p90: 2 },
      0.1,
      7,
      series([0, 0, -3, 0, 1, 0, 0, 0]),
      0,
    )!;
    expect(s.sold).toBe(0);
  });

  it("refuses a period that has not passed", () => {
    expect(() => scorePeriod({ mean: 1, p10: 0, p90: 2 }, 0, 7, series([0, 1, 1, 1]), 0)).toThrow(
      /not passed/,
    );
  });
});

describe("stockouts", () => {
  it("finds the first out-of-stock day after the origin", () => {
    expect(observedStockoutDay([0, 0, 0, 1, 1, 0, 0, 0], 0, 7)).toBe(3);
    expect(observedStockoutDay([1, 0, 0, 0, 0, 0, 0, 0], 0, 7)).toBeNull();
    expect(() => observedStockoutDay([0, 0], 0, 7)).toThrow(RangeError);
  });

  it("gives the seed's date as whole days of cover", () => {
    expect(seedStockoutDay(10, 3)).toBe(3); // 3.33 days → prints origin + 3
    expect(seedStockoutDay(0, 3)).toBe(0);
    expect(seedStockoutDay(10, 0)).toBeNull();
    expect(seedStockoutDay(1000, 1)).toBeNull(); // beyond a year
  });

  it("hits within a week either side, and no prediction misses", () => {
    expect(stockoutHit(10, 17)).toBe(true);
    expect(stockoutHit(10, 18)).toBe(false);
    expect(stockoutHit(null, 3)).toBe(false);
  });
});

describe("weekOf", () => {
  it("is the Monday of the day's week", async () => {
    const { weekOf } = await import("./index.ts");
    expect(weekOf("2026-03-02")).toBe("2026-03-02"); // a Monday
    expect(weekOf("2026-03-08")).toBe("2026-03-02"); // Sunday ends it
    expect(weekOf("2026-03-09")).toBe("2026-03-09");
  });
});
