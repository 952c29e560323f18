import { describe, expect, it } from "vitest";
import { daysBetween } from "./dates.ts";
import { DEFAULT_PARAMETERS, forecastMany, forecastVariant } from "./index.ts";
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

  it("catches up with a shop-wide surge that a variant's long memory lags behind", () => {
    const n = 200;
    const surge = (seed: number) => {
      const rnd = lcg(seed);
      return Float64Array.from({ length: n }, (_, i) => poisson(rnd, i >= n - 30 ? 4 : 2));
    };
    const shop = Array.from({ length: 40 }, (_, v) => history(surge(v + 1), { available: 100 }));
    // The shop's level smoothed faster (0.2) than the variants' own rates (beta 0.05).
    const parameters = { ...DEFAULT_PARAMETERS, shopLevel: 0.2 };
    const pooled = forecastMany(shop, opts, { parameters });
    const alone = shop.map((h) => forecastVariant(h, opts));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Selling 4 a day now: the pooled rate is nearer to it than each variant's own.
    const [p, a] = [mean(pooled.map((f) => f.velocity)), mean(alone.map((f) => f.velocity))];
    expect(p).toBeGreaterThan(1.1 * a);
    expect(Math.abs(4 - p)).toBeLessThan(Math.abs(4 - a));
    const soonest = (f: { stockoutP50: string | null }) =>
      daysBetween("2026-03-31", f.stockoutP50!);
    expect(mean(pooled.map(soonest))).toBeLessThan(mean(alone.map(soonest)));
  });

  it("a handful of variants is no picture of the shop: no shop-level correction", () => {
    const n = 200;
    const rnd = lcg(3);
    const surge = Float64Array.from({ length: n }, (_, i) => poisson(rnd, i >= n - 30 ? 4 : 2));
    const few = Array.from({ length: 5 }, () => history(surge, { available: 100 }));
    const parameters = { ...DEFAULT_PARAMETERS, shopLevel: 0.2 };
    const dayOfWeek = [1, 1, 1, 1, 1, 1, 1]; // as forecastVariant has, to compare like with like
    const pooled = forecastMany(few, opts, { parameters, dayOfWeek });
    expect(pooled[0]!.velocity).toBeCloseTo(forecastVariant(few[0]!, opts).velocity, 10);
  });

  it("a launch of new variants is not mistaken for growth of the old ones", () => {
    const n = 200;
    const old = Array.from({ length: 20 }, (_, v) =>
      history(steady(n, 3, v + 1), { available: 100 }),
    );
    const launched = Array.from({ length: 20 }, (_, v) =>
      history(steady(n, 8, v + 100), { firstDay: n - 40, available: 100 }),
    );
    const pooled = forecastMany([...old, ...launched], opts);
    const alone = old.map((h) => forecastVariant(h, opts));
    for (let i = 0; i < 20; i++) {
      expect(pooled[i]!.velocity / alone[i]!.velocity).toBeGreaterThan(0.85);
      expect(pooled[i]!.velocity / alone[i]!.velocity).toBeLessThan(1.15);
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
