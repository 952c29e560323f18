// The sample alert behind "send test alert": realistic numbers, clearly marked as a test.
import type { AlertView, ShopView } from "./view.ts";
import { addDays } from "../forecast/dates.ts";

export function sampleAlertView(shop: ShopView, at: Date, asOf: string): AlertView {
  return {
    shop,
    episodeId: "test",
    step: "open",
    kind: "stockout_predicted",
    severity: "critical",
    product: { id: "0", title: "Sample product", vendor: null },
    variant: { id: "0", title: "Default Title", sku: "SAMPLE-SKU" },
    location: null,
    facts: {
      available: 6,
      totalAvailable: 6,
      velocity: 1.8,
      daysOfCover: 6 / 1.8,
      stockoutP10: addDays(asOf, 3),
      stockoutP50: addDays(asOf, 5),
      stockoutP90: addDays(asOf, 8),
      daysToStockout: 5,
      suggestedQty: 60,
      reorderPoint: 36,
      onOrder: 0,
      leadTimeDays: 14,
      threshold: 5,
      deadStockDays: 60,
      price: 28,
      missing: [],
      asOf,
    },
    revenueAtRisk: 540,
    at,
    test: true,
  };
}
