import { describe, expect, it } from "vitest";
import {
  defaultShopSettings,
  effectiveParams,
  fieldErrors,
  readShopSettings,
  shopSettingsSchema,
  toForecastOptions,
  variantOverrideSchema,
  vendorOverrideSchema,
} from "./settings.ts";

function errorsOf(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  v: unknown,
) {
  const r = schema.safeParse(v);
  if (r.success) throw new Error("expected a validation error");
  return fieldErrors(r.error as Parameters<typeof fieldErrors>[0]);
}

describe("shop settings", () => {
  it("has defaults a small merchant can live with", () => {
    expect(defaultShopSettings).toEqual({
      lowStockThreshold: 5,
      alertHorizonDays: 7,
      stockoutQuantile: "p25",
      leadTimeDays: 14,
      serviceLevel: 0.95,
      reviewPeriodDays: 7,
      targetCoverDays: 30,
      deadStockDays: 60,
      alertKinds: {
        stockout_predicted: true,
        low_stock: true,
        out_of_stock: true,
        stock_gap: true,
        dead_stock: false,
        missing_data: false,
      },
      cooldownMinutes: 60,
      notifyOnResolve: true,
    });
  });

  it("accepts form strings", () => {
    const s = shopSettingsSchema.parse({
      lowStockThreshold: "12",
      serviceLevel: "0.9",
      alertKinds: { dead_stock: "on", low_stock: "false" },
    });
    expect(s.lowStockThreshold).toBe(12);
    expect(s.serviceLevel).toBe(0.9);
    expect(s.alertKinds.dead_stock).toBe(true);
    expect(s.alertKinds.low_stock).toBe(false);
    expect(s.alertKinds.out_of_stock).toBe(true);
  });

  it("explains each bad field", () => {
    expect(
      errorsOf(shopSettingsSchema, {
        lowStockThreshold: "-1",
        serviceLevel: 1,
        leadTimeDays: "two weeks",
        alertHorizonDays: 2.5,
        stockoutQuantile: "p90",
      }),
    ).toEqual({
      lowStockThreshold: "Low-stock threshold must be between 0 and 100000 units",
      serviceLevel: "Service level must be between 0.5 and 0.999",
      leadTimeDays: "Lead time must be a number",
      alertHorizonDays: "Alert horizon must be a whole number",
      stockoutQuantile: "Choose P10, P25 or P50",
    });
  });

  it("falls back to defaults field by field for stored settings", () => {
    const s = readShopSettings({ lowStockThreshold: 3, leadTimeDays: -4 });
    expect(s.lowStockThreshold).toBe(3);
    expect(s.leadTimeDays).toBe(14);
    expect(readShopSettings(null)).toEqual(defaultShopSettings);
  });
});

describe("overrides", () => {
  it("treat blank inputs as not set", () => {
    const v = variantOverrideSchema.parse({ variantId: 42, threshold: "", leadTimeDays: "21" });
    expect(v).toMatchObject({ variantId: "42", threshold: null, leadTimeDays: 21, onOrder: 0 });
    expect(vendorOverrideSchema.parse({ vendor: " Acme " })).toEqual({
      vendor: "Acme",
      threshold: null,
      leadTimeDays: null,
      reviewDays: null,
      minOrderQty: null,
      packSize: null,
      serviceLevel: null,
      muted: false,
    });
  });

  it("reject nonsense", () => {
    expect(
      errorsOf(variantOverrideSchema, { variantId: "x1", packSize: 0, snoozedUntil: "soon" }),
    ).toEqual({
      variantId: "Variant id must be a number",
      packSize: "Pack size must be between 1 and 100000 units",
      snoozedUntil: "Snooze until must be a valid date",
    });
    expect(errorsOf(vendorOverrideSchema, { vendor: "  " })).toEqual({
      vendor: "Vendor is required",
    });
  });

  it("merge shop ← vendor ← variant", () => {
    const shop = { ...defaultShopSettings, lowStockThreshold: 10, leadTimeDays: 14 };
    const p = effectiveParams(
      shop,
      { threshold: 20, leadTimeDays: 30, muted: false },
      { threshold: null, leadTimeDays: 7, muted: false, packSize: 12, onOrder: 24 },
    );
    expect(p).toMatchObject({
      lowStockThreshold: 20,
      leadTimeDays: 7,
      packSize: 12,
      onOrder: 24,
      minOrderQty: 0,
      muted: false,
    });
    expect(effectiveParams(shop, { muted: true }, { muted: false }).muted).toBe(true);
    // A supplier's ordering terms apply to its products unless a variant sets its own.
    const supplier = { packSize: 6, minOrderQty: 48, reviewDays: 14, serviceLevel: 0.9 };
    expect(effectiveParams(shop, supplier, { packSize: 12 })).toMatchObject({
      packSize: 12,
      minOrderQty: 48,
      reviewDays: 14,
      serviceLevel: 0.9,
    });
    expect(effectiveParams(shop, { serviceLevel: null })).toMatchObject({
      serviceLevel: shop.serviceLevel,
      reviewDays: shop.reviewPeriodDays,
    });
    expect(effectiveParams(shop).lowStockThreshold).toBe(10);
    expect(toForecastOptions(p)).toEqual({
      leadTimeDays: 7,
      horizonDays: 7,
      serviceLevel: 0.95,
      reviewDays: 7,
      targetCoverDays: 30,
      deadStockDays: 60,
      onOrder: 24,
      minOrderQty: 0,
      packSize: 12,
    });
  });
});
