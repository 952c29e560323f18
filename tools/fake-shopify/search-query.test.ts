import { describe, expect, it } from "vitest";
import { parseSearch, searchFilter, type SearchSpec } from "./search-query.ts";

type Row = { id: number; at: number; vendor: string };
const spec: SearchSpec<Row> = {
  fields: {
    id: { kind: "number", get: (r) => r.id },
    created_at: { kind: "date", get: (r) => r.at },
    vendor: { kind: "string", get: (r) => r.vendor },
  },
};
const rows: Row[] = [
  { id: 1, at: Date.parse("2026-09-01T03:00:00Z"), vendor: "Northpeak" },
  { id: 2, at: Date.parse("2026-09-01T05:00:00Z"), vendor: "Trailwise" },
  { id: 3, at: Date.parse("2026-10-01T12:00:00Z"), vendor: "Northpeak" },
];
const ids = (q: string, tz = "UTC") => {
  const f = searchFilter(q, spec, tz);
  return (f ? rows.filter(f) : rows).map((r) => r.id);
};

describe("Shopify search syntax", () => {
  it("parses fields, comparators, quotes and negation", () => {
    expect(parseSearch(`created_at:>='2026-09-01T00:00:00Z' AND -vendor:"Trail wise" sku`)).toEqual(
      [
        { field: "created_at", op: ">=", value: "2026-09-01T00:00:00Z", negate: false },
        { field: "vendor", op: ":", value: "Trail wise", negate: true },
        { field: null, op: ":", value: "sku", negate: false },
      ],
    );
  });

  it("filters by timestamps and by dates in the shop's time zone", () => {
    expect(ids("created_at:>=2026-09-01T04:00:00Z")).toEqual([2, 3]);
    // Midnight in New York is 04:00 UTC in September.
    expect(ids("created_at:>=2026-09-01", "America/New_York")).toEqual([2, 3]);
    expect(ids("created_at:2026-09-01", "UTC")).toEqual([1, 2]);
  });

  it("combines terms and ignores unknown fields", () => {
    expect(ids("vendor:northpeak id:>1")).toEqual([3]);
    expect(ids("colour:red")).toEqual([1, 2, 3]);
    expect(ids("-vendor:Northpeak")).toEqual([2]);
  });

  it("joins groups with OR", () => {
    const spec = { fields: { status: { kind: "string" as const, get: (x: string) => x } } };
    const f = searchFilter("status:ready_to_ship OR status:in_progress", spec, "UTC")!;
    expect(["ready_to_ship", "in_progress", "draft"].filter(f)).toEqual([
      "ready_to_ship",
      "in_progress",
    ]);
  });
});
