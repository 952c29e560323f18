import { describe, expect, it } from "vitest";
import { parseDailyDemand } from "./demand-data.ts";

describe("daily demand reader", () => {
  // 2026-01-03 and 2026-01-10 are Saturdays (shop closed weekly); 2026-01-07 a holiday.
  const days = Array.from({ length: 14 }, (_, i) => `2026-01-${String(i + 1).padStart(2, "0")}`);
  const rows = ["date,sku,units,revenue"];
  for (const d of days) {
    if (d === "2026-01-03" || d === "2026-01-10" || d === "2026-01-07") continue;
    rows.push(`${d},A,2,5.00`);
    if (d >= "2026-01-05") rows.push(`${d},B,1,1.50`);
  }

  it("puts SKUs on one calendar, with their first day and average price", () => {
    const data = parseDailyDemand(rows.join("\n"), "demand.csv");
    expect(data.days).toBe(14);
    expect(data.skus).toEqual(["A", "B"]);
    expect(Array.from(data.firstDay)).toEqual([0, 4]);
    expect(data.price[0]).toBeCloseTo(2.5, 12);
    expect(data.demand[1]![5]).toBe(1);
    expect(data.demand[1]![6]).toBe(0); // missing day: no sales
  });

  it("marks one-off closures, and leaves weekly ones to the weekday index", () => {
    const data = parseDailyDemand(rows.join("\n"), "demand.csv");
    expect(data.closed[6]).toBe(1); // 2026-01-07
    expect(data.closed[2]).toBe(0); // a Saturday
    expect(data.closed[9]).toBe(0);
  });

  it("rejects a malformed row with its line number", () => {
    expect(() => parseDailyDemand("date,sku,units\n2026-01-01,A,-1\n", "d.csv")).toThrow(
      'd.csv:2: units must be a number ≥ 0, got "-1"',
    );
    expect(() =>
      parseDailyDemand("date,sku,units\n2026-01-01,A,1\n2026-01-01,A,2\n", "d.csv"),
    ).toThrow("d.csv:3: second row for A on 2026-01-01");
  });
});
