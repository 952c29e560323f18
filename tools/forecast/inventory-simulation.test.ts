import { describe, expect, it } from "vitest";
import { finishData } from "./demand-data.ts";
import { DEFAULT_SIMULATION, simulateStock } from "./inventory-simulation.ts";
import { seededRandom } from "./random.ts";

function data(days: number) {
  const rnd = seededRandom(3);
  const demand = Array.from({ length: 20 }, (_, v) =>
    Float64Array.from({ length: days }, (_, t) =>
      t < v * 5 ? 0 : rnd() < 0.4 ? 1 + Math.floor(rnd() * 9) : 0,
    ),
  );
  return finishData(
    "test",
    "2026-01-01",
    days,
    demand.map((_, v) => `SKU${v}`),
    demand,
    new Float64Array(20),
  );
}

describe("simulated stock", () => {
  const d = data(300);

  it("sells only what is on hand, marks sold-out days, and never goes negative", () => {
    let soldOut = 0;
    for (let i = 0; i < d.skus.length; i++) {
      const s = simulateStock(d, i);
      for (let t = 0; t < d.days; t++) {
        expect(s.sales[t]).toBeLessThanOrEqual(d.demand[i]![t]!);
        expect(s.stockEnd[t]).toBeGreaterThanOrEqual(0);
        if (t >= d.firstDay[i]!) {
          expect(s.censored[t]).toBe(s.stockEnd[t]! <= 0 || d.closed[t] ? 1 : 0);
        }
        if (s.sales[t]! < d.demand[i]![t]!) {
          expect(s.censored[t]).toBe(1); // demand was lost: the day ran out
          soldOut++;
        }
      }
    }
    expect(soldOut).toBeGreaterThan(20); // the process does run out, so censoring matters
  });

  it("the same seed gives the same shop; another seed a different one", () => {
    const a = simulateStock(d, 4);
    expect(simulateStock(d, 4).stockEnd).toEqual(a.stockEnd);
    const b = simulateStock(d, 4, { ...DEFAULT_SIMULATION, seed: 2 });
    expect(b.stockEnd).not.toEqual(a.stockEnd);
  });

  it("a shop-wide closure is censored for every SKU", () => {
    const closed = { ...d, closed: new Uint8Array(d.days) };
    closed.closed[150] = 1;
    for (let i = 0; i < d.skus.length; i++) expect(simulateStock(closed, i).censored[150]).toBe(1);
  });
});
