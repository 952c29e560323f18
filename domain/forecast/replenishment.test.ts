import { describe, expect, it } from "vitest";
import { orderQuantity } from "./replenishment.ts";
import { defaultForecastOptions } from "./types.ts";

const o = { ...defaultForecastOptions, packSize: 12, minOrderQty: 48, onOrder: 0 };

describe("order quantity", () => {
  it("rounds up to whole packs and to the minimum order", () => {
    expect(orderQuantity(100, 10, o)).toBe(96); // 90 short → 8 packs of 12
    expect(orderQuantity(30, 10, o)).toBe(48); // 20 short → minimum order
  });

  it("counts stock already on order, and orders nothing when covered", () => {
    expect(orderQuantity(100, 10, { ...o, onOrder: 90 })).toBe(0);
    expect(orderQuantity(100, 120, o)).toBe(0);
  });

  it("an oversold variant needs its backlog as well", () => {
    expect(orderQuantity(10, -5, { ...o, packSize: 1, minOrderQty: 0 })).toBe(15);
  });
});
