import { describe, expect, it } from "vitest";
import { evaluateVariant, type Condition } from "./rules.ts";
import { forecast, params, snapshot } from "./test-fixtures.ts";

const byKey = (cs: Condition[]) =>
  Object.fromEntries(cs.map((c) => [`${c.kind}@${c.locationId}`, [c.status, c.severity, c.why]]));

describe("alert rules", () => {
  it("flags a fast seller running out before an order could arrive", () => {
    const cs = evaluateVariant(snapshot(), params());
    expect(byKey(cs)).toEqual({
      "out_of_stock@0": ["clear", null, "in_stock"],
      "out_of_stock@71": ["off", null, "single_location"],
      // P25 (the default date for alerts) Nov 25 is 4 days out, inside the 14-day lead time.
      "stockout_predicted@0": ["active", "critical", "stockout_within_horizon"],
      "low_stock@0": ["active", "warning", "at_or_below_threshold"],
      "stock_gap@0": ["clear", null, "nothing_on_its_way"],
      "dead_stock@0": ["clear", null, "selling_or_empty"],
      "missing_data@0": ["clear", null, "complete"],
    });
    const s = cs.find((c) => c.kind === "stockout_predicted");
    expect(s?.revenueAtRisk).toBe(540);
    expect(s?.facts).toMatchObject({
      available: 6,
      velocity: 1.8,
      stockoutP10: "2026-11-24",
      stockoutP50: "2026-11-26",
      stockoutP90: "2026-11-29",
      daysToStockout: 4,
      suggestedQty: 60,
      reorderPoint: 36,
      leadTimeDays: 14,
    });
  });

  it("uses the configured quantile and keeps a band of hysteresis past the horizon", () => {
    const f = forecast({ stockoutP10: "2026-12-10", stockoutP50: "2026-12-14" });
    const at = (p50: string, q: "p10" | "p50" = "p50") =>
      byKey(
        evaluateVariant(
          snapshot({ available: 50, forecast: { ...f, stockoutP50: p50 } }),
          params({ stockoutQuantile: q }),
        ),
      )["stockout_predicted@0"];
    // asOf Nov 21, lead 14, horizon 7 → alert up to Dec 12, hold until Dec 14.
    expect(at("2026-12-06")).toEqual(["active", "warning", "stockout_within_horizon"]);
    expect(at("2026-12-12")).toEqual(["active", "attention", "stockout_within_horizon"]);
    expect(at("2026-12-14")).toEqual(["hold", null, "near_horizon"]);
    expect(at("2026-12-15")).toEqual(["clear", null, "beyond_horizon"]);
    expect(at("2026-12-15", "p10")).toEqual(["active", "attention", "stockout_within_horizon"]);
  });

  it("alerts by the P25 date by default, and by P10 for a forecast stored before P25 existed", () => {
    const f = forecast({
      stockoutP10: "2026-12-05",
      stockoutP25: "2026-12-20",
      stockoutP50: "2026-12-30",
    });
    const at = (forecast: typeof f) =>
      byKey(evaluateVariant(snapshot({ available: 50, forecast }), params()))[
        "stockout_predicted@0"
      ];
    // asOf Nov 21, lead 14, horizon 7 → alert up to Dec 12: P25 Dec 20 is beyond it.
    expect(at(f)).toEqual(["clear", null, "beyond_horizon"]);
    expect(at({ ...f, stockoutP25: "2026-12-11" })).toEqual([
      "active",
      "attention",
      "stockout_within_horizon",
    ]);
    // P10 Dec 5 is 14 days out: within the lead time.
    expect(at({ ...f, stockoutP25: null as unknown as string })).toEqual([
      "active",
      "critical",
      "stockout_within_horizon",
    ]);
  });

  it("does not nag about reordering what is already on order", () => {
    const cs = evaluateVariant(
      snapshot({ forecast: forecast({ suggestedQty: 0 }) }),
      params({ onOrder: 60 }),
    );
    expect(byKey(cs)["stockout_predicted@0"]).toEqual(["hold", null, "on_order"]);
    expect(byKey(cs)["low_stock@0"]).toEqual(["hold", null, "on_order"]);
  });

  it("an order on its way silences 'reorder now' but not 'it lands too late'", () => {
    const late = {
      units: 60,
      nextArrivalOn: "2026-12-09",
      nextArrivalQty: 60,
      pStockoutGap: 0.92,
      gapDays: 11.5,
      gapRevenue: 579.6,
    };
    const cs = evaluateVariant(
      snapshot({ forecast: forecast({ suggestedQty: 0 }), incoming: late }),
      params(),
    );
    const k = byKey(cs);
    expect(k["stockout_predicted@0"]).toEqual(["hold", null, "on_order"]);
    expect(k["low_stock@0"]).toEqual(["hold", null, "on_order"]);
    expect(k["stock_gap@0"]).toEqual(["active", "critical", "arrives_after_stockout"]);
    const gap = cs.find((c) => c.kind === "stock_gap")!;
    expect(gap.revenueAtRisk).toBe(579.6);
    expect(gap.facts).toMatchObject({ nextArrivalOn: "2026-12-09", gapDays: 11.5, incoming: 60 });

    // By the shop's quantile (P25: a 1-in-4 chance is enough), with a band before it clears.
    const at = (pStockoutGap: number) =>
      byKey(evaluateVariant(snapshot({ incoming: { ...late, pStockoutGap } }), params()))[
        "stock_gap@0"
      ];
    expect(at(0.6)).toEqual(["active", "warning", "arrives_after_stockout"]);
    expect(at(0.3)).toEqual(["active", "attention", "arrives_after_stockout"]);
    expect(at(0.2)).toEqual(["hold", null, "near_bar"]);
    expect(at(0.05)).toEqual(["clear", null, "arrives_in_time"]);
    // Out of stock already: "out of stock" says more.
    const out = evaluateVariant(snapshot({ available: 0, incoming: late }), params());
    expect(byKey(out)["out_of_stock@0"]![0]).toBe("active");
  });

  it("alerts out of stock per location only for multi-location variants that stock there", () => {
    const cs = evaluateVariant(
      snapshot({
        available: 6,
        locations: [
          { locationId: "71", available: 6, stocked: true },
          { locationId: "72", available: 0, stocked: true, velocity: 0.5 },
          { locationId: "73", available: 0, stocked: false },
        ],
      }),
      params(),
    );
    const k = byKey(cs);
    expect(k["out_of_stock@72"]).toEqual(["active", "warning", "out_of_stock_here"]);
    expect(k["out_of_stock@73"]).toEqual(["off", null, "single_location"]);
    expect(k["out_of_stock@71"]).toEqual(["clear", null, "in_stock"]);
    expect(cs.find((c) => c.locationId === "72")?.revenueAtRisk).toBe(196); // 0.5 × 14 × 28
  });

  it("raises out of stock in total, critical when it sells", () => {
    const f = forecast({ status: "out_of_stock", daysOfCover: 0, stockoutP50: "2026-11-21" });
    expect(
      byKey(evaluateVariant(snapshot({ available: 0, forecast: f }), params()))["out_of_stock@0"],
    ).toEqual(["active", "critical", "out_of_stock"]);
    expect(
      byKey(
        evaluateVariant(snapshot({ available: -2, forecast: { ...f, velocity: 0 } }), params()),
      )["out_of_stock@0"],
    ).toEqual(["active", "warning", "out_of_stock"]);
    // No forecast yet (fresh install) or never in stock: open nothing.
    expect(
      byKey(evaluateVariant(snapshot({ available: 0, forecast: null }), params()))[
        "out_of_stock@0"
      ],
    ).toEqual(["hold", null, "no_forecast"]);
    // Created at zero (no location ever had it, nothing sold): no kind of stock alert either.
    const fresh = byKey(
      evaluateVariant(
        snapshot({ available: 0, locations: [], recentUnitsSold: 0, forecast: f }),
        params(),
      ),
    );
    for (const kind of ["out_of_stock@0", "stockout_predicted@0", "low_stock@0"])
      expect(fresh[kind]).toEqual(["hold", null, "never_stocked"]);
  });

  it("reports dead stock and missing data", () => {
    const dead = evaluateVariant(
      snapshot({
        available: 40,
        forecast: forecast({ deadStock: true, velocity: 0, stockoutP50: null }),
      }),
      params(),
    );
    expect(byKey(dead)["dead_stock@0"]).toEqual(["active", "attention", "no_sales"]);

    const missing = evaluateVariant(snapshot({ sku: " ", price: null }), params());
    const m = missing.find((c) => c.kind === "missing_data");
    expect([m?.status, m?.severity, m?.facts.missing]).toEqual([
      "active",
      "attention",
      ["sku", "price"],
    ]);

    const untracked = evaluateVariant(
      snapshot({ tracked: false, forecast: forecast({ status: "untracked" }), recentUnitsSold: 3 }),
      params(),
    );
    expect(untracked.find((c) => c.kind === "missing_data")?.facts.missing).toEqual(["tracking"]);
    expect(byKey(untracked)["low_stock@0"]).toEqual(["off", null, "untracked"]);
    expect(byKey(untracked)["stockout_predicted@0"]).toEqual(["off", null, "no_forecast"]);
  });

  it("switches kinds off as the merchant chose", () => {
    const cs = evaluateVariant(
      snapshot(),
      params({
        kinds: {
          stockout_predicted: false,
          low_stock: true,
          out_of_stock: true,
          stock_gap: false,
          dead_stock: false,
          missing_data: false,
        },
      }),
    );
    expect(byKey(cs)["stockout_predicted@0"]).toEqual(["off", null, "kind_disabled"]);
  });
});
