import { describe, expect, it } from "vitest";
import { seedFormula } from "./seed-formula.ts";
import { history } from "./test-histories.ts";
import { defaultForecastOptions } from "./types.ts";

describe("seed formula (baseline)", () => {
  it("is units in the last 30 days / 30, out-of-stock days included as zero demand", () => {
    const units = Float64Array.from([
      ...Array(60).fill(9),
      ...Array(15).fill(4),
      ...Array(15).fill(0),
    ]);
    const censored = Uint8Array.from([...Array(75).fill(0), ...Array(15).fill(1)]);
    const f = seedFormula(history(units, { censored, available: 20 }), defaultForecastOptions);
    expect(f.velocity).toBe(2);
    expect(f.stockoutP50).toBe("2026-04-10"); // 20 / 2 = 10 days, one date, no range
    expect(f.stockoutP10).toBe(f.stockoutP90);
  });

  it("a history shorter than 30 days still divides by 30", () => {
    const f = seedFormula(history(Float64Array.from([3, 3, 3])), defaultForecastOptions);
    expect(f.velocity).toBeCloseTo(0.3, 12);
  });
});
