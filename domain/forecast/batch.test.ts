import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMETERS, forecastBatch, forecastMany, forecastVariant } from "./index.ts";
import { history, lcg, poisson, steady } from "./test-histories.ts";
import { defaultForecastOptions, type DemandHistory } from "./types.ts";

const opts = defaultForecastOptions;
const weekdayOf = (i: number, n: number) => (((2 - (n - 1 - i)) % 7) + 7) % 7;

describe("forecastMany", () => {
  it("a shop closed on Saturdays never gets a Saturday stockout date, and sells less per 30 days", () => {
    const n = 140;
    const shop: DemandHistory[] = [];
    for (let v = 0; v < 30; v++) {
      const rnd = lcg(v + 1);
      const units = Float64Array.from({ length: n }, (_, i) =>
        weekdayOf(i, n) === 6 ? 0 : poisson(rnd, 4),
      );
      shop.push(history(units, { available: 10 + 7 * v }));
    }
    const pooled = forecastMany(shop, opts);
    for (const f of pooled) {
      for (const d of [f.stockoutP10, f.stockoutP50, f.stockoutP90]) {
        if (d) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).not.toBe(6);
      }
    }
    // 30 days from a Tuesday hold 4 Saturdays: 26 selling days at 4 × 7/6 per selling day.
    const alone = forecastVariant(shop[3]!, opts);
    expect(pooled[3]!.demand30Mean! / pooled[3]!.velocity).toBeCloseTo((26 * 7) / 6, 0);
    expect(alone.demand30Mean! / alone.velocity).toBeCloseTo(30, 6);
  });

  it("a variant with a few days of history borrows the rate of its group", () => {
    const group = ["type:mugs"];
    const established = Array.from({ length: 5 }, (_, v) =>
      history(steady(120, 10, v + 1), { groups: group, available: 500 }),
    );
    const other = Array.from({ length: 5 }, (_, v) =>
      history(steady(120, 0.5, v + 11), { groups: ["type:cards"], available: 500 }),
    );
    const fresh = history(Float64Array.from([0, 0, 0, 0, 0, 1]), { groups: group, available: 40 });
    const out = forecastMany([...established, ...other, fresh], opts);
    const alone = forecastVariant(fresh, opts);
    expect(out[10]!.status).toBe("new");
    expect(alone.velocity).toBeLessThan(1);
    expect(out[10]!.velocity).toBeGreaterThan(3); // pulled toward the mugs' ~10/day, not the cards'
  });

  it("takes options per variant (e.g. each supplier's lead time)", () => {
    const hs = [
      history(steady(100, 3, 1), { available: 30 }),
      history(steady(100, 3, 1), { available: 30 }),
    ];
    const out = forecastMany(hs, (i) => ({ ...opts, leadTimeDays: i === 0 ? 2 : 20 }));
    expect(out[0]!.pStockoutLead!).toBeLessThan(0.05);
    expect(out[1]!.pStockoutLead!).toBeGreaterThan(0.5);
  });

  it("a shop growing week after week carries its variants' rates forward (when the trend is on)", () => {
    const n = 200;
    // Every variant's demand grows 1 % a week, compounding: the whole shop is growing.
    const growing = (seed: number) => {
      const rnd = lcg(seed);
      return Float64Array.from({ length: n }, (_, i) => poisson(rnd, 3 * 1.01 ** (i / 7)));
    };
    const shop = Array.from({ length: 40 }, (_, v) => history(growing(v + 1), { available: 100 }));
    const parameters = { ...DEFAULT_PARAMETERS, trendLeadDays: 30 };
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 1]; // the same for the whole shop and a small batch
    const trended = forecastBatch(shop, opts, { parameters, dayOfWeek });
    const flat = forecastMany(shop, opts, {
      parameters: { ...parameters, trendLeadDays: 0 },
      dayOfWeek,
    });
    expect(trended.shop!.trend).toBeGreaterThan(0.0005);
    expect(trended.shop!.trend).toBeLessThan(0.003); // 1 % a week is 0.0014 a day
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio =
      mean(trended.forecasts.map((f) => f.velocity)) / mean(flat.map((f) => f.velocity));
    expect(ratio).toBeGreaterThan(1.01);
    expect(ratio).toBeLessThan(1.1);
    // A small batch takes the shop's trend when given it.
    const few = forecastBatch(shop.slice(0, 3), opts, {
      parameters,
      dayOfWeek,
      shop: trended.shop!,
    });
    expect(few.forecasts[0]!.velocity).toBeCloseTo(trended.forecasts[0]!.velocity, 6);
  });

  it("a handful of variants is no picture of the shop: no trend measured on them", () => {
    const n = 200;
    const rnd = lcg(3);
    const surge = Float64Array.from({ length: n }, (_, i) => poisson(rnd, i >= n - 30 ? 4 : 2));
    const few = Array.from({ length: 5 }, () => history(surge, { available: 100 }));
    const parameters = { ...DEFAULT_PARAMETERS, trendLeadDays: 30 };
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 1]; // as forecastVariant has, to compare like with like
    const pooled = forecastBatch(few, opts, { parameters, dayOfWeek });
    expect(pooled.shop).toBeNull();
    expect(pooled.forecasts[0]!.velocity).toBeCloseTo(forecastVariant(few[0]!, opts).velocity, 10);
  });

  it("the mean rises above the smoothed rate by the drift the shop shows, not by a constant", () => {
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 1];
    const noDrift = {
      trend: 0,
      season: 1,
      drift: { smooth: 0, intermittent: 0, lumpy: 0, erratic: 0 },
    };
    const ratio = (shop: DemandHistory[]) => {
      const pooled = forecastBatch(shop, opts, { dayOfWeek });
      const flat = forecastBatch(shop, opts, { dayOfWeek, shop: noDrift });
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return {
        shop: pooled.shop!,
        raised:
          mean(pooled.forecasts.map((f) => f.velocity)) /
          mean(flat.forecasts.map((f) => f.velocity)),
      };
    };
    // 40 variants selling a steady ~3 a day for 200 days: the shop's measured drift is about 0.
    const steadyShop = Array.from({ length: 40 }, (_, v) =>
      history(steady(200, 3, v + 1), { available: 500 }),
    );
    const calm = ratio(steadyShop);
    expect(calm.shop.drift.smooth!).toBeLessThan(0.02);
    expect(calm.raised).toBeLessThan(1.01);
    // Alone (no shop to measure), a steady variant is not raised by its class's constant either.
    const alone = forecastVariant(steadyShop[0]!, opts);
    expect(alone.velocity).toBeGreaterThan(2.7);
    expect(alone.velocity).toBeLessThan(3.2);
    // 40 variants whose level jumps between 1.5 and 6 a day from month to month: real drift.
    const swinging = Array.from({ length: 40 }, (_, v) => {
      const rnd = lcg(v + 7);
      let level = 3;
      return history(
        Float64Array.from({ length: 200 }, (_, i) => {
          if (i % 28 === 0) level = rnd() < 0.5 ? 1.5 : 6;
          return poisson(rnd, level);
        }),
        { available: 500 },
      );
    });
    const moving = ratio(swinging);
    expect(moving.raised).toBeGreaterThan(1.04);
    // A small batch later takes what the large one measured.
    const few = forecastBatch(swinging.slice(0, 2), opts, { dayOfWeek, shop: moving.shop });
    const all = forecastBatch(swinging, opts, { dayOfWeek });
    expect(few.forecasts[0]!.velocity).toBeCloseTo(all.forecasts[0]!.velocity, 6);
  });

  it("with more than a year of history, last year's season around this date moves the rates", () => {
    // 420 days; a year ago the month after today's date sold 40 % more than the month before.
    const n = 420;
    const pivot = n - 1 - 364;
    const seasonal = (seed: number) => {
      const rnd = lcg(seed);
      return Float64Array.from({ length: n }, (_, i) =>
        poisson(rnd, i > pivot && i <= pivot + 30 ? 4.2 : 3),
      );
    };
    const shop = Array.from({ length: 40 }, (_, v) => history(seasonal(v + 1), { available: 500 }));
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 1];
    const on = forecastBatch(shop, opts, { dayOfWeek });
    const off = forecastMany(shop, opts, {
      dayOfWeek,
      parameters: { ...DEFAULT_PARAMETERS, yearlySeasonality: false },
    });
    expect(on.shop!.season).toBeGreaterThan(1.3);
    expect(on.shop!.season).toBeLessThan(1.5);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(on.forecasts.map((f) => f.velocity)) / mean(off.map((f) => f.velocity));
    expect(ratio).toBeCloseTo(on.shop!.season, 1);
    // A year of history or less: no season to read.
    const short = forecastBatch(
      shop.map((h) => ({
        ...h,
        units: Float64Array.from(h.units).subarray(n - 365),
        censored: Uint8Array.from(h.censored).subarray(n - 365),
      })),
      opts,
      { dayOfWeek },
    );
    expect(short.shop!.season).toBe(1);
  });

  it("a launch of new variants is not mistaken for growth of the old ones", () => {
    const n = 200;
    const old = Array.from({ length: 20 }, (_, v) =>
      history(steady(n, 3, v + 1), { available: 100 }),
    );
    const launched = Array.from({ length: 20 }, (_, v) =>
      history(steady(n, 8, v + 100), { firstDay: n - 40, available: 100 }),
    );
    const parameters = { ...DEFAULT_PARAMETERS, trendLeadDays: 30 };
    const pooled = forecastMany([...old, ...launched], opts, { parameters });
    const alone = old.map((h) => forecastVariant(h, opts));
    for (let i = 0; i < 20; i++) {
      expect(pooled[i]!.velocity / alone[i]!.velocity).toBeGreaterThan(0.9);
      expect(pooled[i]!.velocity / alone[i]!.velocity).toBeLessThan(1.1);
    }
  });

  it("keeps statuses per variant", () => {
    const out = forecastMany(
      [history(steady(60, 2, 1), { tracked: false }), history(steady(60, 2, 2), { available: 0 })],
      opts,
    );
    expect(out.map((f) => f.status)).toEqual(["untracked", "out_of_stock"]);
  });
});
