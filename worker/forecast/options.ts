// Forecast parameters for one variant: the shop's settings, then vendor and variant overrides —
// the same precedence the alert rules use (domain/settings.ts effectiveParams), so a forecast and
// the alert built on it never disagree about the lead time.
import type { Arrival, ForecastOptions } from "../../domain/forecast/index.ts";
import { effectiveParams, toForecastOptions, type ShopSettings } from "../../domain/settings.ts";
import type { VariantFacts } from "./history.ts";

export function forecastOptionsFor(
  shop: ShopSettings,
  v: VariantFacts,
  arrivals?: Arrival[],
): ForecastOptions {
  // v.leadTimeDays is already the variant's override, else its vendor's (see history.ts).
  const options = toForecastOptions(
    effectiveParams(shop, v.vendorTerms, {
      leadTimeDays: v.leadTimeDays,
      minOrderQty: v.minOrderQty,
      packSize: v.packSize,
      onOrder: v.onOrder,
    }),
  );
  return arrivals?.length ? { ...options, arrivals } : options;
}
