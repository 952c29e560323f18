// Builders shared by the alert tests.
import type { VariantForecast } from "../forecast/types.ts";
import { defaultShopSettings, effectiveParams, type EffectiveParams } from "../settings.ts";
import type { VariantSnapshot } from "./rules.ts";

export function forecast(over: Partial<VariantForecast> = {}): VariantForecast {
  return {
    method: "test@1",
    status: "ok",
    velocity: 1.8,
    daysOfCover: 6 / 1.8,
    stockoutP10: "2026-11-24",
    stockoutP25: "2026-11-25",
    stockoutP50: "2026-11-26",
    stockoutP90: "2026-11-29",
    pStockoutLead: 0.9,
    pStockoutHorizon: 1,
    demand30Mean: 54,
    demand30P10: 40,
    demand30P90: 70,
    reorderPoint: 36,
    suggestedQty: 60,
    demandClass: "smooth",
    deadStock: false,
    revenueAtRisk: 540,
    ...over,
  };
}

export function snapshot(over: Partial<VariantSnapshot> = {}): VariantSnapshot {
  return {
    variantId: "4001",
    asOf: "2026-11-21",
    tracked: true,
    sku: "TEE-M-BLK",
    price: 28,
    available: 6,
    locations: [{ locationId: "71", available: 6, stocked: true }],
    forecast: forecast(),
    recentUnitsSold: 54,
    ...over,
  };
}

export function params(over: Partial<EffectiveParams> = {}): EffectiveParams {
  return {
    ...effectiveParams({ ...defaultShopSettings, lowStockThreshold: 10 }),
    kinds: {
      stockout_predicted: true,
      low_stock: true,
      out_of_stock: true,
      stock_gap: true,
      dead_stock: true,
      missing_data: true,
    },
    ...over,
  };
}
