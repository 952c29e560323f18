// The example alert the renderer tests (and the report) use: a T-shirt running out.
import type { AlertView } from "./view.ts";

export function teeAlert(over: Partial<AlertView> = {}): AlertView {
  return {
    shop: {
      name: "Northwind Apparel",
      domain: "northwind-apparel.myshopify.com",
      currency: "USD",
      timeZone: "America/New_York",
    },
    episodeId: "812",
    step: "open",
    kind: "stockout_predicted",
    severity: "critical",
    product: { id: "7981234567890", title: "Classic Organic Tee", vendor: "Northwind" },
    variant: { id: "43876543210987", title: "M / Black", sku: "TEE-ORG-M-BLK" },
    location: null,
    facts: {
      available: 6,
      totalAvailable: 6,
      velocity: 1.8,
      daysOfCover: 6 / 1.8,
      stockoutP10: "2026-11-24",
      stockoutP50: "2026-11-26",
      stockoutP90: "2026-11-29",
      daysToStockout: 5,
      suggestedQty: 60,
      reorderPoint: 36,
      onOrder: 0,
      leadTimeDays: 14,
      threshold: 10,
      deadStockDays: 60,
      price: 28,
      missing: [],
      asOf: "2026-11-21",
    },
    revenueAtRisk: 540,
    at: new Date("2026-11-21T14:05:00Z"),
    ...over,
  };
}

export const NASTY_TITLE = '<b>Tee & "Co"</b>';
