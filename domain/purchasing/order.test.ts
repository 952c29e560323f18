import { describe, expect, it } from "vitest";
import { orderCsv, orderTotal, roundToTerms, type OrderLine } from "./order.ts";

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  variantId: "1",
  product: "Trail Mug",
  variant: "Blue",
  sku: "MUG-B",
  supplierSku: "ACME-77",
  quantity: 24,
  unitCost: 3.5,
  minOrderQty: 0,
  packSize: 1,
  ...over,
});

describe("purchase orders", () => {
  it("rounds an edited quantity to whole packs and the minimum order", () => {
    expect(roundToTerms(25, 0, 12)).toBe(36);
    expect(roundToTerms(5, 48, 12)).toBe(48);
    expect(roundToTerms(0, 48, 12)).toBe(0);
    expect(roundToTerms(7, 0, 1)).toBe(7);
  });

  it("totals the units and the cost, counting lines without a cost", () => {
    expect(orderTotal([line(), line({ quantity: 10, unitCost: null })])).toEqual({
      units: 34,
      cost: 84,
      unknownCost: 1,
    });
  });

  it("writes the CSV a supplier reads, safe to open in a spreadsheet", () => {
    const csv = orderCsv([line(), line({ product: '=HYPERLINK("x")', supplierSku: null })]);
    expect(csv.split("\r\n")).toEqual([
      "supplier_sku,sku,product,variant,quantity,unit_cost,line_total",
      "ACME-77,MUG-B,Trail Mug,Blue,24,3.50,84.00",
      `,MUG-B,"'=HYPERLINK(""x"")",Blue,24,3.50,84.00`,
      "",
    ]);
  });
});
