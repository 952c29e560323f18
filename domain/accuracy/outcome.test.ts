import { describe, expect, it } from "vitest";
import { scoreSnapshot, tallyOutcomes, worstMisses, type Snapshot } from "./outcome.ts";
import { figures } from "./tally.ts";
import { weekOf } from "./index.ts";

const snap = (p: Partial<Snapshot> = {}): Snapshot => ({
  variantId: "1",
  day: "2026-03-02",
  demandClass: "smooth",
  available: 20,
  demand7: { mean: 7, p10: 4, p90: 10 },
  demand30: { mean: 30, p10: 20, p90: 40 },
  stockoutDays: 18,
  seedRate: 0.5,
  scored7: false,
  scored30: false,
  ...p,
});

// 41 days: index 0 is D; one unit a day, out of stock from day 21 on.
const units = Array.from({ length: 41 }, (_, i) => (i === 0 ? 0 : 1));
const censored = units.map((_, i) => (i >= 21 ? 1 : 0));

describe("scoreSnapshot", () => {
  it("scores only the periods that have passed", () => {
    const early = scoreSnapshot(snap(), { units, censored }, 0, 10);
    expect(early.week7).toMatchObject({ sold: 7, openDays: 7, forecast: 7, seedForecast: 3.5 });
    expect(early.month).toBeUndefined();
    expect(early.stockout).toBeUndefined();
  });

  it("scores the month on in-stock days and the stockout date against the first day out", () => {
    const o = scoreSnapshot(snap({ scored7: true }), { units, censored }, 0, 40);
    expect(o.week7).toBeUndefined(); // already scored
    expect(o.month).toMatchObject({ openDays: 20, sold: 20, forecast: 20, seedForecast: 10 });
    // Ran out on day 21: the engine said 18 (hit), the seed 20 ÷ 0.5 = 40 days (miss).
    expect(o.stockout).toEqual({ observed: 21, engineHit: true, seedHit: false });
  });

  it("has no stockout to predict for a variant already out at D", () => {
    const o = scoreSnapshot(snap({ available: 0 }), { units, censored }, 0, 40);
    expect(o.stockout).toBeNull();
  });

  it("adds up per week, horizon and class; misses keep each variant's worst day", () => {
    const a = scoreSnapshot(snap({ day: "2026-03-02" }), { units, censored }, 0, 40);
    const b = scoreSnapshot(
      snap({ day: "2026-03-03", variantId: "1", demand7: { mean: 21, p10: 15, p90: 27 } }),
      { units, censored },
      0,
      40,
    );
    const c = scoreSnapshot(
      snap({
        day: "2026-03-03",
        variantId: "2",
        demandClass: "lumpy",
        demand7: { mean: 3, p10: 0, p90: 6 },
      }),
      { units, censored },
      0,
      40,
    );
    const tallies = tallyOutcomes([a, b, c], weekOf);
    expect([...tallies.keys()].sort()).toEqual([
      "2026-03-02|30|lumpy",
      "2026-03-02|30|smooth",
      "2026-03-02|7|lumpy",
      "2026-03-02|7|smooth",
    ]);
    const week = figures(tallies.get("2026-03-02|7|smooth")!);
    expect(week.periods).toBe(2);
    expect(week.wape).toBeCloseTo(14 / 14); // |7−7| + |21−7| over 14 sold
    expect(figures(tallies.get("2026-03-02|30|smooth")!).stockouts).toBe(2);

    const misses = worstMisses([a, b, c], weekOf, 1);
    expect(misses).toHaveLength(1);
    expect(misses[0]).toMatchObject({ variantId: "1", day: "2026-03-03", error: 14, sold: 7 });
    expect(worstMisses([a, b, c], weekOf).map((m) => m.variantId)).toEqual(["1", "2"]);
  });
});
