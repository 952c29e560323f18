// The one entry point the worker, the CLIs and the dashboard use. Swapping the method is a
// change here and nowhere else.
import { FLAT_WEEK, normalizeWeek } from "./day-of-week.ts";
import { finishForecast, fitVariant, withPrior } from "./engine.ts";
import type { DemandHistory, ForecastContext, ForecastOptions, VariantForecast } from "./types.ts";

export * from "./types.ts";
export { addDays, daysBetween, dayInZone, dayOfWeek } from "./dates.ts";
export { forecastBatch, forecastMany, type BatchPooling, type ShopPooling } from "./batch.ts";
export { METHOD } from "./engine.ts";
export { DEFAULT_PARAMETERS } from "./parameters.ts";
export { MIN_SHOP_VARIANTS } from "./shop-trend.ts";

// One variant alone. Without a context it has no peers: a flat week and no prior. The worker
// should prefer forecastMany, which pools both over the batch.
export function forecastVariant(
  history: DemandHistory,
  options: ForecastOptions,
  context: ForecastContext = {},
): VariantForecast {
  const week = context.dayOfWeek ? normalizeWeek(context.dayOfWeek) : FLAT_WEEK;
  const fit = withPrior(fitVariant(history, week, context.parameters), context.prior);
  return finishForecast(history, options, fit, week);
}
