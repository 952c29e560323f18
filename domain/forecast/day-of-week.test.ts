import { describe, expect, it } from "vitest";
import {
  addToWeekPool,
  CLOSED_WEIGHT,
  newWeekPool,
  normalizeWeek,
  weekIndex,
} from "./day-of-week.ts";
import { dayOfWeek } from "./dates.ts";
import { history, lcg, poisson } from "./test-histories.ts";

const SATURDAY = 6;
// 2026-03-31 is a Tuesday; index i of an n-day history falls on (2 − (n − 1 − i)) mod 7.
const weekdayOf = (i: number, n: number) => (((2 - (n - 1 - i)) % 7) + 7) % 7;

function closedOnSaturdays(n: number, seed: number) {
  const rnd = lcg(seed);
  return Float64Array.from({ length: n }, (_, i) =>
    weekdayOf(i, n) === SATURDAY ? 0 : poisson(rnd, 3),
  );
}

describe("pooled day-of-week index", () => {
  it("learns that a shop does not sell on Saturdays", () => {
    expect(dayOfWeek("2026-03-31")).toBe(2);
    const pool = newWeekPool();
    for (let v = 0; v < 40; v++) addToWeekPool(pool, history(closedOnSaturdays(140, v)));
    const w = weekIndex(pool);
    expect(w[SATURDAY]).toBeLessThan(CLOSED_WEIGHT);
    expect(w[SATURDAY]).toBe(0);
    for (let d = 0; d < 6; d++) expect(Math.abs(w[d]! - 7 / 6)).toBeLessThan(0.1);
  });

  it("days out of stock are not taken for quiet weekdays", () => {
    const pool = newWeekPool();
    for (let v = 0; v < 40; v++) {
      const rnd = lcg(v);
      const units = Float64Array.from({ length: 140 }, () => poisson(rnd, 3));
      const censored = new Uint8Array(140);
      // Out of stock on every Monday: those days sold nothing.
      for (let i = 0; i < 140; i++) {
        if (weekdayOf(i, 140) === 1 && i % 2 === 0) {
          units[i] = 0;
          censored[i] = 1;
        }
      }
      addToWeekPool(pool, history(units, { censored }));
    }
    expect(weekIndex(pool)[1]).toBeGreaterThan(0.85);
  });

  it("a small batch stays close to a flat week", () => {
    const pool = newWeekPool();
    addToWeekPool(pool, history(closedOnSaturdays(140, 1)));
    expect(weekIndex(pool)[SATURDAY]).toBeGreaterThan(0.6);
  });

  it("a caller-supplied index is checked and rescaled to average 1", () => {
    expect(Array.from(normalizeWeek([2, 2, 2, 2, 2, 2, 0]))).toEqual([...Array(6).fill(7 / 6), 0]);
    expect(() => normalizeWeek([1, 1, 1])).toThrow(RangeError);
    expect(() => normalizeWeek([1, 1, 1, 1, 1, 1, -1])).toThrow(RangeError);
  });
});
