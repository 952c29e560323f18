import { describe, expect, it } from "vitest";
import { lowStockSeverity, stockoutClearMarginDays, stockoutSeverity } from "./severity.ts";
import { compareByRisk, revenueAtRisk } from "./revenue.ts";

describe("severity", () => {
  it("generalises the seed's 0–3 / 4–7 / 8–10 bands for a threshold of 10", () => {
    const bands = Array.from({ length: 12 }, (_, units) => lowStockSeverity(units, 10));
    expect(bands).toEqual([
      ...Array(4).fill("critical"),
      ...Array(4).fill("warning"),
      ...Array(3).fill("attention"),
      null,
    ]);
    expect(lowStockSeverity(1, 5)).toBe("critical");
    expect(lowStockSeverity(3, 5)).toBe("warning");
    expect(lowStockSeverity(4, 5)).toBe("attention");
    expect(lowStockSeverity(0, 0)).toBe("critical");
  });

  it("ranks a predicted stockout by what an order placed today can still fix", () => {
    // lead time 14, horizon 7: ≤14 critical, ≤17.5 warning, ≤21 attention.
    expect(stockoutSeverity(0, 14, 7)).toBe("critical");
    expect(stockoutSeverity(14, 14, 7)).toBe("critical");
    expect(stockoutSeverity(15, 14, 7)).toBe("warning");
    expect(stockoutSeverity(17, 14, 7)).toBe("warning");
    expect(stockoutSeverity(18, 14, 7)).toBe("attention");
    expect(stockoutSeverity(21, 14, 7)).toBe("attention");
    expect(stockoutSeverity(22, 14, 7)).toBe(null);
    expect(stockoutClearMarginDays(7)).toBe(2);
    expect(stockoutClearMarginDays(0)).toBe(1);
  });
});

describe("revenue at risk", () => {
  it("is the sales lost between running out and the earliest restock", () => {
    // 1.8/day, 6 left → 3.33 days of cover; lead time 14 → 10.67 days without stock × $28.
    expect(
      revenueAtRisk({ velocity: 1.8, leadTimeDays: 14, daysOfCover: 6 / 1.8, price: 28 }),
    ).toBe(537.6);
    expect(revenueAtRisk({ velocity: 2, leadTimeDays: 10, daysOfCover: 12, price: 5 })).toBe(0);
    expect(revenueAtRisk({ velocity: 2, leadTimeDays: 10, daysOfCover: null, price: 5 })).toBe(0);
    expect(revenueAtRisk({ velocity: 2, leadTimeDays: 10, daysOfCover: 0, price: 5 })).toBe(100);
  });

  it("orders by revenue, then severity, then the sooner stockout", () => {
    const rows = [
      { title: "a", revenueAtRisk: 10, severity: "attention" as const },
      { title: "b", revenueAtRisk: 500, severity: "warning" as const },
      { title: "c", revenueAtRisk: 10, severity: "critical" as const, stockoutDate: "2026-12-01" },
      { title: "d", revenueAtRisk: 10, severity: "critical" as const, stockoutDate: "2026-11-25" },
    ];
    expect(rows.sort(compareByRisk).map((r) => r.title)).toEqual(["b", "d", "c", "a"]);
  });
});
