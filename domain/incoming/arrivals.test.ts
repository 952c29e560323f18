import { describe, expect, it } from "vitest";
import { datedArrivals, forecastArrivals, type IncomingLine } from "./arrivals.ts";

const line = (over: Partial<IncomingLine>): IncomingLine => ({
  source: "transfer",
  name: "#T1",
  quantity: 10,
  locationId: "1",
  supplier: null,
  orderedOn: null,
  arrivesOn: null,
  ...over,
});

const rules = {
  today: "2026-12-10",
  leadTimeDays: 14,
  supplierLeadTime: (s: string) => (s === "Acme" ? 5 : null),
};

describe("dating stock on its way", () => {
  it("the carrier's date first, then the supplier's lead time, then the variant's", () => {
    const out = datedArrivals(
      [
        line({ source: "shipment", name: "S1", arrivesOn: "2026-12-20" }),
        line({ name: "#T2", supplier: "Acme", orderedOn: "2026-12-08" }),
        line({ name: "#T3", supplier: "Other", orderedOn: "2026-12-08" }),
      ],
      new Map(),
      rules,
    );
    expect(out.map((a) => [a.name, a.expectedOn, a.basis])).toEqual([
      ["#T2", "2026-12-13", "supplier_lead_time"],
      ["S1", "2026-12-20", "tracking"],
      ["#T3", "2026-12-22", "lead_time"],
    ]);
  });

  it("an overdue arrival is expected today, and says so", () => {
    const [a] = datedArrivals([line({ arrivesOn: "2026-12-01" })], new Map(), rules);
    expect(a).toMatchObject({ expectedOn: "2026-12-10", overdue: true, basis: "expected" });
  });

  it("Shopify's incoming quantity beyond the documents read is one undated line per location", () => {
    const out = datedArrivals(
      [line({ quantity: 10, locationId: "1" }), line({ quantity: 4, locationId: "2" })],
      new Map([
        ["1", 25],
        ["2", 4],
        ["3", 0],
      ]),
      rules,
    );
    const rest = out.filter((a) => a.source === "incoming");
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatchObject({ locationId: "1", quantity: 15, expectedOn: "2026-12-24" });
  });

  it("an order recorded here without a destination counts against Shopify's incoming", () => {
    const out = datedArrivals(
      [line({ source: "app_order", name: "PO-1", quantity: 12, locationId: "0" })],
      new Map([["1", 20]]),
      rules,
    );
    expect(out.map((a) => [a.source, a.quantity])).toEqual([
      ["app_order", 12],
      ["incoming", 8],
    ]);
  });

  it("as forecast arrivals: days after the as-of day (yesterday), never before tomorrow", () => {
    const out = datedArrivals(
      [line({ arrivesOn: "2026-12-10" }), line({ name: "#T9", arrivesOn: "2026-12-15" })],
      new Map(),
      rules,
    );
    expect(forecastArrivals(out, "2026-12-09")).toEqual([
      { day: 1, quantity: 10 },
      { day: 6, quantity: 10 },
    ]);
  });
});
