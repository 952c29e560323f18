// First forecast: average daily sales over the last 30 days, counting only days the variant was
// in stock (an out-of-stock day says nothing about demand), then days of cover and a stockout date.
// Single point estimate; the forecasting engine replaces it.
import { addDays } from "./dates.ts";
import {
  NO_FORECAST,
  type DemandHistory,
  type ForecastOptions,
  type VariantForecast,
} from "./types.ts";

export const METHOD = "in-stock-avg-30@1";
const WINDOW = 30;
const MIN_IN_STOCK_DAYS = 7; // below this the variant is "new": forecast, but flagged

const empty = (status: VariantForecast["status"]): VariantForecast => ({
  method: METHOD,
  status,
  ...NO_FORECAST,
});

export function inStockAverage(h: DemandHistory, o: ForecastOptions): VariantForecast {
  if (!h.tracked) return empty("untracked");

  const end = h.units.length;
  const start = Math.max(h.firstDay, end - WINDOW, 0);
  let sold = 0;
  let inStockDays = 0;
  for (let i = start; i < end; i++) {
    if (h.censored[i]) continue;
    sold += h.units[i] ?? 0;
    inStockDays++;
  }

  const velocity = inStockDays > 0 ? sold / inStockDays : 0;
  const demand30 = velocity * WINDOW;
  const leadDemand = velocity * (o.leadTimeDays + o.reviewDays);
  const base: VariantForecast = {
    ...empty("ok"),
    velocity,
    demand30Mean: demand30,
    reorderPoint: leadDemand,
    suggestedQty: suggest(velocity * o.targetCoverDays + leadDemand - h.available - o.onOrder, o),
  };

  if (h.available <= 0) {
    // Already out (or oversold): the stockout is today; everything sold until a restock is lost.
    return {
      ...base,
      status: "out_of_stock",
      daysOfCover: 0,
      stockoutP10: h.asOf,
      stockoutP25: h.asOf,
      stockoutP50: h.asOf,
      stockoutP90: h.asOf,
      pStockoutLead: 1,
      pStockoutHorizon: 1,
      revenueAtRisk: velocity * o.leadTimeDays * h.price,
    };
  }
  if (inStockDays === 0)
    return { ...base, status: "never_in_stock", velocity: 0, suggestedQty: null };
  if (sold === 0) return { ...base, status: "no_sales", suggestedQty: null };

  const daysOfCover = h.available / velocity;
  const stockout = daysOfCover <= 365 ? addDays(h.asOf, Math.floor(daysOfCover)) : null;
  const within = (days: number) => (daysOfCover < days ? 1 : 0);
  return {
    ...base,
    status: inStockDays < MIN_IN_STOCK_DAYS ? "new" : "ok",
    daysOfCover,
    stockoutP10: stockout,
    stockoutP25: stockout,
    stockoutP50: stockout,
    stockoutP90: stockout,
    pStockoutLead: within(o.leadTimeDays),
    pStockoutHorizon: within(o.leadTimeDays + o.horizonDays),
    revenueAtRisk: Math.max(0, o.leadTimeDays - daysOfCover) * velocity * h.price,
  };
}

function suggest(units: number, o: ForecastOptions): number {
  if (units <= 0) return 0;
  const pack = Math.max(1, o.packSize);
  return Math.max(Math.ceil(units / pack) * pack, o.minOrderQty);
}
