import { describe, expect, it } from "vitest";
import { isCarpartsHeader, parseCarparts } from "./carparts.ts";

const csv = [
  "Part,Jan-98,Feb-98,Mar-98",
  "111,3,0,5",
  "222,1,,", // record stops: left out
  "333,0,28,1",
].join("\n");

describe("carparts adapter", () => {
  it("recognises the wide monthly layout", () => {
    expect(isCarpartsHeader("Part,Jan-98,Feb-98")).toBe(true);
    expect(isCarpartsHeader("date,sku,units,revenue")).toBe(false);
  });

  it("spreads each month's units over that month's days, keeping the monthly totals", () => {
    const data = parseCarparts(csv, "carparts.csv", 1);
    expect(data.start).toBe("1998-01-01");
    expect(data.days).toBe(31 + 28 + 31);
    expect(data.skus).toEqual(["111", "333"]);
    const month = (i: number, from: number, to: number) =>
      data.demand[i]!.subarray(from, to).reduce((a, b) => a + b, 0);
    expect([month(0, 0, 31), month(0, 31, 59), month(0, 59, 90)]).toEqual([3, 0, 5]);
    expect([month(1, 0, 31), month(1, 31, 59), month(1, 59, 90)]).toEqual([0, 28, 1]);
    // 28 units over February's 28 days land on several days, not all on one.
    expect(data.demand[1]!.subarray(31, 59).filter((u) => u > 0).length).toBeGreaterThan(5);
  });

  it("the day within the month depends on the seed, the totals do not", () => {
    const a = parseCarparts(csv, "c.csv", 1).demand[1]!;
    const b = parseCarparts(csv, "c.csv", 2).demand[1]!;
    expect(a).not.toEqual(b);
    expect(a.reduce((x, y) => x + y, 0)).toBe(b.reduce((x, y) => x + y, 0));
  });
});
