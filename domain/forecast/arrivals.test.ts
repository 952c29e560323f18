import { describe, expect, it } from "vitest";
import { daysBetween } from "./dates.ts";
import { stockSteps } from "./arrivals.ts";
import { forecastVariant } from "./index.ts";
import { history, steady } from "./test-histories.ts";
import { defaultForecastOptions, type ForecastOptions } from "./types.ts";

// ~4 a day, 40 on hand: runs out in about 10 days.
const h = history(steady(200, 4, 3), { available: 40, price: 10 });
const opts: ForecastOptions = { ...defaultForecastOptions, leadTimeDays: 14, targetCoverDays: 30 };
const daysTo = (d: string | null) => (d === null ? null : daysBetween(h.asOf, d));

describe("arrivals netted by date", () => {
  it("without arrivals the forecast is exactly what it was", () => {
    const plain = forecastVariant(h, opts);
    expect(forecastVariant(h, { ...opts, arrivals: [] })).toEqual(plain);
    expect(plain).not.toHaveProperty("arrivalGap");
  });

  it("an order landing before the stockout moves the dates; one landing after does not", () => {
    const plain = forecastVariant(h, opts);
    const p50 = daysTo(plain.stockoutP50)!;
    expect(p50).toBeGreaterThan(6);
    expect(p50).toBeLessThan(14);

    const early = forecastVariant(h, { ...opts, arrivals: [{ day: 3, quantity: 80 }] });
    expect(daysTo(early.stockoutP50)!).toBeGreaterThan(p50 + 15); // 80 more units ≈ 20 days
    expect(early.arrivalGap!.pStockout).toBeLessThan(0.01);

    const late = forecastVariant(h, { ...opts, arrivals: [{ day: 25, quantity: 80 }] });
    // It runs out before the order lands: the same dates as without it …
    expect(late.stockoutP10).toBe(plain.stockoutP10);
    expect(late.stockoutP50).toBe(plain.stockoutP50);
    // … and the gap is what the stock-gap alert reports.
    const gap = late.arrivalGap!;
    expect(gap.day).toBe(25);
    expect(gap.quantity).toBe(80);
    expect(gap.pStockout).toBeGreaterThan(0.95);
    expect(gap.expectedDays).toBeGreaterThan(10);
    expect(gap.expectedDays).toBeLessThan(24);
    expect(gap.lostRevenue).toBeCloseTo(gap.lostUnits * 10, 6);
    expect(gap.lostUnits).toBeGreaterThan(30);
  });

  it("the chance of running out within the lead time counts only what lands in time", () => {
    const plain = forecastVariant(h, opts);
    const inTime = forecastVariant(h, { ...opts, arrivals: [{ day: 5, quantity: 200 }] });
    const tooLate = forecastVariant(h, { ...opts, arrivals: [{ day: 40, quantity: 200 }] });
    expect(plain.pStockoutLead!).toBeGreaterThan(0.6);
    expect(inTime.pStockoutLead!).toBeLessThan(0.1);
    expect(tooLate.pStockoutLead).toBeCloseTo(plain.pStockoutLead!, 9);
  });

  it("the suggestion counts arrivals landing within lead time + target cover, not later ones", () => {
    const plain = forecastVariant(h, opts);
    expect(plain.suggestedQty!).toBeGreaterThan(100);
    const soon = forecastVariant(h, { ...opts, arrivals: [{ day: 10, quantity: 60 }] });
    expect(soon.suggestedQty).toBe(plain.suggestedQty! - 60);
    const beyond = forecastVariant(h, { ...opts, arrivals: [{ day: 60, quantity: 60 }] });
    expect(beyond.suggestedQty).toBe(plain.suggestedQty);
    // A lump typed in by hand still counts whole, as before.
    expect(forecastVariant(h, { ...opts, onOrder: 60 }).suggestedQty).toBe(
      plain.suggestedQty! - 60,
    );
  });

  it("out of stock now with an order on its way: every day until it lands is lost", () => {
    const out = history(steady(200, 4, 3), { available: 0, price: 10 });
    const f = forecastVariant(out, { ...opts, arrivals: [{ day: 11, quantity: 100 }] });
    expect(f.status).toBe("out_of_stock");
    expect(f.arrivalGap).toMatchObject({ day: 11, pStockout: 1, expectedDays: 10 });
    expect(f.arrivalGap!.lostUnits).toBeCloseTo(10 * f.velocity, 6);
    // Revenue at risk: at least the 10 days before it lands.
    expect(f.revenueAtRisk).toBeGreaterThanOrEqual(f.arrivalGap!.lostRevenue - 1e-9);
  });

  it("steps merge same-day arrivals, bring overdue ones to tomorrow and drop nonsense", () => {
    expect(
      stockSteps(10, [
        { day: 5, quantity: 3 },
        { day: -2, quantity: 4 },
        { day: 5, quantity: 2 },
        { day: 9, quantity: 0 },
        { day: 400, quantity: 9 },
      ]),
    ).toEqual([
      { from: 1, stock: 14 },
      { from: 5, stock: 19 },
    ]);
  });
});
