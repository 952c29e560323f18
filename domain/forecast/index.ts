// The one entry point the worker, the CLIs and the dashboard use. Swapping the method is a
// change here and nowhere else.
import { inStockAverage } from "./in-stock-average.ts";
import type { DemandHistory, ForecastOptions, VariantForecast } from "./types.ts";

export * from "./types.ts";
export { addDays, daysBetween, dayInZone } from "./dates.ts";

export function forecastVariant(history: DemandHistory, options: ForecastOptions): VariantForecast {
  return inStockAverage(history, options);
}
