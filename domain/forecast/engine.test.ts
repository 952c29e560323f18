import { describe, expect, it } from "vitest";
import { daysBetween } from "./dates.ts";
import { forecastVariant } from "./index.ts";
import { seedFormula } from "./seed-formula.ts";
import { history, lcg, steady } from "./test-histories.ts";
import { defaultForecastOptions } from "./types.ts";

const opts = { ...defaultForecastOptions, leadTimeDays: 14, reviewDays: 7, horizonDays: 7 };
const daysTo = (d: string | null) => (d === null ? null : daysBetween("2026-03-31", d));

describe("forecastVariant (TSB × hurdle negative binomial)", () => {
  it("a variant's history starts at its first sale: stock on the shelf before a launch is no evidence", () => {
    // 300 quiet days in stock, then launched: about 3 a day for the last 30 days.
    const units = new Float64Array(330);
    units.set(steady(30, 3, 4), 300);
    units[300] = 3;
    const f = forecastVariant(history(units, { available: 60 }), opts);
    expect(f.velocity).toBeGreaterThan(2.4);
    expect(daysTo(f.stockoutP50)!).toBeLessThan(30);
    // Never sold: the whole window is evidence of no demand (maybe dead stock), no launch date.
    const idle = forecastVariant(history(new Float64Array(330), { available: 60 }), opts);
    expect(idle).toMatchObject({ status: "no_sales", velocity: 0, stockoutP50: null });
  });

  it("the smoothed rate is the typical level: the P50 date follows it, the mean sits above it", () => {
    // A lumpy seller: one order of ~10 every ~5 days.
    const rnd = lcg(9);
    const units = Float64Array.from({ length: 300 }, () =>
      rnd() < 0.2 ? 5 + Math.floor(10 * rnd()) : 0,
    );
    const f = forecastVariant(history(units, { available: 60 }), opts);
    const typical = 60 / 2; // ~2 a day: 60 in stock lasts about 30 days
    expect(Math.abs(daysTo(f.stockoutP50)! - typical)).toBeLessThan(8);
    expect(f.demand30Mean!).toBeGreaterThan(f.demand30P50!);
  });

  it("out-of-stock days are not zero demand: an item that just came back keeps its rate", () => {
    const units = steady(120, 4);
    const censored = new Uint8Array(120);
    for (let i = 100; i < 120; i++) {
      units[i] = 0;
      censored[i] = 1;
    }
    censored[119] = 0; // restocked today
    const h = history(units, { censored, available: 40 });
    const f = forecastVariant(h, opts);
    const seed = seedFormula(h, opts);
    expect(f.velocity).toBeGreaterThan(3.3);
    // The seed counts the 19 days without stock as days without demand.
    expect(seed.velocity).toBeLessThan(f.velocity / 2);
    expect(daysTo(f.stockoutP50)).toBeLessThanOrEqual(12);
    expect(daysTo(seed.stockoutP50)).toBeGreaterThan(25);
  });

  it("an item that sells out on every restock still has demand (the sell-out day counts)", () => {
    // One unit put on the shelf every 5 days; it sells the same day.
    const n = 150;
    const units = new Float64Array(n);
    const censored = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (i % 5 === 0) units[i] = 1;
      censored[i] = 1;
    }
    const f = forecastVariant(history(units, { censored, available: 3 }), opts);
    expect(f.status).not.toBe("never_in_stock");
    expect(f.velocity).toBeGreaterThan(0.5);
  });

  it("the range is ordered and wider for lumpy sales than for steady ones of the same rate", () => {
    const rnd = lcg(5);
    // An order every ~20 days, anywhere from 1 to 600 units, mostly small.
    const lumpy = Float64Array.from({ length: 200 }, () =>
      rnd() < 0.05 ? 1 + Math.floor(600 * rnd() ** 3) : 0,
    );
    const smooth = steady(200, 4, 9);
    const fl = forecastVariant(history(lumpy, { available: 60 }), opts);
    const fs = forecastVariant(history(smooth, { available: 60 }), opts);
    for (const f of [fl, fs]) {
      expect(daysTo(f.stockoutP10)!).toBeLessThanOrEqual(daysTo(f.stockoutP50)!);
      expect(daysTo(f.stockoutP50)!).toBeLessThanOrEqual(daysTo(f.stockoutP90) ?? 366);
      expect(f.demand30P10!).toBeLessThanOrEqual(f.demand30P50!);
      expect(f.demand30P50!).toBeLessThanOrEqual(f.demand30P90!);
      expect(f.pStockoutLead!).toBeLessThanOrEqual(f.pStockoutHorizon!);
    }
    expect(fl.demandClass).toBe("lumpy");
    expect(fs.demandClass).toBe("smooth");
    const spread = (f: typeof fl) => (f.demand30P90! - f.demand30P10!) / f.demand30Mean!;
    expect(spread(fl)).toBeGreaterThan(2 * spread(fs));
  });

  it("reorder point holds safety stock over lead time + review; suggestion lands on packs", () => {
    const f = forecastVariant(history(steady(200, 5, 3), { available: 30 }), {
      ...opts,
      packSize: 10,
      minOrderQty: 200,
    });
    const leadDemand = f.velocity * 21;
    expect(f.reorderPoint!).toBeGreaterThan(1.1 * leadDemand);
    // Wide on purpose: the tuned level variance expects rates to move (docs/forecasting).
    expect(f.reorderPoint!).toBeLessThan(3 * leadDemand);
    expect(f.suggestedQty! % 10).toBe(0);
    expect(f.suggestedQty!).toBeGreaterThanOrEqual(200);
    // 14 lead days of ~5/day against 30 in stock: a stockout before the order arrives is
    // more likely than not, and about half the lead-time demand is expected to be lost.
    expect(f.pStockoutLead!).toBeGreaterThan(0.6);
    expect(f.revenueAtRisk).toBeGreaterThan(10 * 5 * 14 * 0.3);
  });

  it("a dead item fades, and is flagged once idle in stock for deadStockDays", () => {
    const units = steady(300, 3, 4);
    for (let i = 200; i < 300; i++) units[i] = 0;
    const idle60 = forecastVariant(history(units.subarray(0, 260)), opts);
    const idle100 = forecastVariant(history(units), opts);
    const selling = forecastVariant(history(units.subarray(0, 200)), opts);
    expect(idle60.velocity).toBeLessThan(selling.velocity / 10);
    expect(idle100.velocity).toBeLessThan(idle60.velocity);
    expect(idle60.deadStock).toBe(true); // 60 idle days, deadStockDays 60
    expect(selling.deadStock).toBe(false);
  });

  it("an item that suddenly sells every day is believed, despite a long quiet history", () => {
    const units = new Float64Array(182);
    for (let i = 172; i < 182; i++) units[i] = 2;
    const f = forecastVariant(history(units, { available: 20 }), opts);
    expect(f.velocity).toBeGreaterThan(0.8); // not 20 units over 182 days ≈ 0.1
    expect(daysTo(f.stockoutP50)).toBeLessThan(30);
  });

  it("one giant order (a cancelled wholesale order) does not hold the forecast up", () => {
    const units = steady(200, 3, 6);
    units[150] = 10_000;
    const f = forecastVariant(history(units), opts);
    expect(f.velocity).toBeLessThan(3 * 3);
  });

  it("statuses: untracked, out of stock, never in stock, new, no sales", () => {
    const selling = steady(90, 2, 8);
    expect(forecastVariant(history(selling, { tracked: false }), opts)).toMatchObject({
      status: "untracked",
      velocity: 0,
      stockoutP50: null,
    });

    const out = forecastVariant(history(selling, { available: -2 }), opts);
    expect(out).toMatchObject({
      status: "out_of_stock",
      stockoutP50: "2026-03-31",
      pStockoutLead: 1,
    });
    expect(out.revenueAtRisk).toBeCloseTo(out.velocity * 14 * 10, 6);

    const never = history(new Float64Array(30), {
      censored: new Uint8Array(30).fill(1),
      available: 5,
    });
    expect(forecastVariant(never, opts)).toMatchObject({ status: "never_in_stock", velocity: 0 });
    const prior = { rate: 2, size: 2, sizeSquare: 5 };
    const borrowed = forecastVariant(never, opts, { prior });
    expect(borrowed.status).toBe("never_in_stock");
    // The prior's rate, as it is: a variant that showed no drift of its own is not raised.
    expect(borrowed.velocity).toBeCloseTo(2, 10);
    expect(borrowed.stockoutP50).not.toBeNull();

    const fresh = history(Float64Array.from([0, 0, 0, 0, 6, 0, 0, 0, 6, 0]), { available: 20 });
    const alone = forecastVariant(fresh, opts);
    const pooled = forecastVariant(fresh, opts, { prior: { rate: 0.1, size: 1, sizeSquare: 1 } });
    expect(alone.status).toBe("new");
    // 5 days of evidence after the first sale against a prior worth 14: closer to the group
    // than to itself.
    expect(pooled.velocity).toBeLessThan(0.6 * alone.velocity);

    const idle = forecastVariant(history(new Float64Array(40), { available: 5 }), opts);
    expect(idle).toMatchObject({
      status: "no_sales",
      velocity: 0,
      stockoutP50: null,
      demand30Mean: 0,
    });
  });
});
