import { describe, expect, it } from "vitest";
import { projectStock } from "./projection.ts";

const base = {
  today: "2026-03-01",
  available: 100,
  velocity: 10,
  stockoutP10: "2026-03-08",
  stockoutP50: "2026-03-11",
  stockoutP90: "2026-03-15",
  demand30P10: 240,
  demand30P90: 360,
};

describe("projectStock", () => {
  it("reaches zero on the stockout dates the page prints", () => {
    const days = projectStock(base);
    const at = (d: string) => days.find((x) => x.day === d)!;
    expect(days[0]).toMatchObject({ day: "2026-03-01", stock: 100, low: 100, high: 100 });
    expect(at("2026-03-08").low).toBe(0);
    expect(at("2026-03-07").low).toBeGreaterThan(0);
    expect(at("2026-03-11").stock).toBe(0);
    expect(at("2026-03-15").high).toBe(0);
    expect(at("2026-03-14").high).toBeGreaterThan(0);
    for (const d of days) {
      expect(d.low).toBeLessThanOrEqual(d.stock);
      expect(d.high).toBeGreaterThanOrEqual(d.stock);
    }
  });

  it("uses the 30-day demand quantiles when nothing runs out", () => {
    const days = projectStock({
      ...base,
      available: 1000,
      stockoutP10: null,
      stockoutP50: null,
      stockoutP90: null,
    });
    expect(days).toHaveLength(38);
    expect(days[30]).toMatchObject({ stock: 700, low: 640, high: 760 });
  });

  it("draws a flat zero for an item already out of stock", () => {
    const days = projectStock({
      ...base,
      available: 0,
      stockoutP10: "2026-03-01",
      stockoutP50: "2026-03-01",
      stockoutP90: "2026-03-01",
    });
    expect(days.every((d) => d.stock === 0 && d.low === 0 && d.high === 0)).toBe(true);
  });

  it("steps up on the day stock on its way lands, and never below zero before it", () => {
    const days = projectStock({
      today: "2026-12-01",
      available: 10,
      velocity: 2,
      stockoutP10: "2026-12-05",
      stockoutP50: "2026-12-06",
      stockoutP90: "2026-12-08",
      demand30P10: 45,
      demand30P90: 75,
      arrivals: [{ day: "2026-12-10", quantity: 40 }],
    });
    const at = (d: string) => days.find((x) => x.day === d)!;
    expect(at("2026-12-06").stock).toBe(0);
    expect(at("2026-12-09").stock).toBe(0); // out of stock until it lands
    expect(at("2026-12-10").stock).toBe(40);
    expect(at("2026-12-11").stock).toBe(38);
    expect(at("2026-12-11").low).toBeLessThan(38);
    expect(at("2026-12-11").high).toBeGreaterThan(38);
  });
});
