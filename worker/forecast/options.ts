// Forecast parameters for one variant: shop settings, then vendor and variant overrides.
import { defaultForecastOptions, type ForecastOptions } from "../../domain/forecast/index.ts";
import type { VariantFacts } from "./history.ts";

export type ShopForecastSettings = Partial<
  Pick<ForecastOptions, "leadTimeDays" | "horizonDays" | "serviceLevel" | "reviewDays" | "targetCoverDays" | "deadStockDays">
>;

export function forecastOptionsFor(shop: ShopForecastSettings, v: VariantFacts): ForecastOptions {
  const base = { ...defaultForecastOptions, ...pickDefined(shop) };
  return {
    ...base,
    leadTimeDays: v.leadTimeDays ?? base.leadTimeDays,
    minOrderQty: v.minOrderQty ?? 0,
    packSize: v.packSize ?? 1,
    onOrder: v.onOrder,
  };
}

function pickDefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === "number")) as Partial<T>;
}
