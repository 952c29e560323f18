import { describe, expect, it } from "vitest";
import { parseImport } from "./stocky-import.ts";
import { parseCsv } from "../csv.ts";

describe("Stocky import files", () => {
  it("reads quoted fields, commas, line breaks and a byte-order mark", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""",2\n"multi\nline",3\n\n')).toEqual([
      ["a", "b"],
      ['x, "y"', "2"],
      ["multi\nline", "3"],
    ]);
  });

  it("suppliers: every bad row with its line and reason", () => {
    const p = parseImport(
      "suppliers",
      [
        "Supplier,Lead time days,pack_size,service_level",
        "Acme,12,6,0.9",
        ",5,,",
        "Birch & Co,400,,",
        "acme,3,,",
        "Cobalt,,12,1.5",
      ].join("\n"),
    );
    expect(p.errors).toEqual([
      { line: 3, reason: "Vendor is required" },
      { line: 4, reason: "Lead time must be between 0 and 365 days" },
      { line: 5, reason: "supplier acme appears twice" },
      { line: 6, reason: "Service level must be between 0.5 and 0.999" },
    ]);
    expect(p.kind === "suppliers" && p.suppliers[0]).toMatchObject({
      vendor: "Acme",
      leadTimeDays: 12,
      packSize: 6,
      serviceLevel: 0.9,
    });
  });

  it("purchase orders: rows grouped by number, bad rows listed", () => {
    const p = parseImport(
      "purchase_orders",
      [
        "po_number,supplier,sku,quantity,unit_cost,supplier_sku,ordered_on,expected_on",
        "PO-1,Acme,MUG-B,24,3.50,A-77,2026-11-20,2026-12-15",
        "PO-1,Acme,MUG-R,12,,,,",
        "PO-1,Other,MUG-G,12,,,,",
        "PO-2,Acme,MUG-B,0,x,,2026-13-01,",
      ].join("\r\n"),
    );
    expect(p.errors).toEqual([
      { line: 4, reason: "po_number PO-1 has another supplier (Acme) above" },
      {
        line: 5,
        reason:
          "quantity must be a whole number above 0; unit_cost must be a number like 12.50; ordered_on must be a date like 2026-12-31",
      },
    ]);
    expect(p.kind === "purchase_orders" && p.orders).toEqual([
      {
        reference: "PO-1",
        supplier: "Acme",
        orderedOn: "2026-11-20",
        expectedOn: "2026-12-15",
        lines: [
          { line: 2, sku: "MUG-B", quantity: 24, unitCost: 3.5, supplierSku: "A-77" },
          { line: 3, sku: "MUG-R", quantity: 12, unitCost: null, supplierSku: null },
        ],
      },
    ]);
  });

  it("refuses a file without its required columns", () => {
    expect(parseImport("purchase_orders", "supplier,sku\nAcme,X").errors).toEqual([
      { line: 1, reason: "missing columns po_number, quantity" },
    ]);
  });
});
