// The forecasting contract shared by the worker (which builds histories from Postgres), the CLIs
// and the backtest. Everything here is pure data: no I/O.

// One variant's daily demand history, oldest day first; the last element is `asOf`.
export type DemandHistory = {
  asOf: string; // YYYY-MM-DD: today in the shop's time zone
  units: ArrayLike<number>; // net units sold per day
  // 1 when the variant was out of stock at some point that day: demand was not fully observed,
  // so the day must not count as "zero demand".
  censored: ArrayLike<number>;
  firstDay: number; // index of the first day the variant existed (earlier days are ignored)
  available: number; // stock on hand now, summed over locations (may be negative: oversold)
  tracked: boolean; // false when Shopify does not track this variant's inventory
  price: number; // unit price, for revenue at risk
};

export type ForecastOptions = {
  leadTimeDays: number; // supplier lead time
  horizonDays: number; // alert when stockout falls within lead time + horizon
  serviceLevel: number; // e.g. 0.95: reorder point covers lead-time demand with this probability
  reviewDays: number; // how often the merchant reorders (added to lead time for the reorder point)
  targetCoverDays: number; // an order should bring stock up to this many days of demand
  deadStockDays: number; // in stock, no sale for this many days → dead stock
  onOrder: number; // units already ordered, not yet received
  minOrderQty: number; // 0 = none
  packSize: number; // 1 = any quantity
};

export type ForecastStatus =
  | "ok" // a velocity and, when it sells, a stockout date
  | "no_sales" // in stock, nothing sold in the window: no stockout expected
  | "out_of_stock" // nothing left now (or oversold)
  | "never_in_stock" // no in-stock day in the window: demand unknown
  | "new" // too little history to trust (still forecast, flagged)
  | "untracked"; // Shopify does not track stock: nothing to forecast

export type DemandClass = "smooth" | "intermittent" | "erratic" | "lumpy" | "none";

export type VariantForecast = {
  method: string; // method id and version, stored with every forecast
  status: ForecastStatus;
  velocity: number; // expected units per day
  daysOfCover: number | null; // available / velocity; null when nothing sells
  stockoutP10: string | null; // YYYY-MM-DD; null when no stockout expected within 365 days
  stockoutP50: string | null;
  stockoutP90: string | null;
  pStockoutLead: number | null; // P(stockout before an order placed today arrives)
  pStockoutHorizon: number | null; // P(stockout within lead time + horizon)
  demand30Mean: number | null;
  demand30P10: number | null;
  demand30P90: number | null;
  reorderPoint: number | null;
  suggestedQty: number | null;
  demandClass: DemandClass;
  deadStock: boolean;
  revenueAtRisk: number; // expected lost sales value before the earliest replenishment
};

export const defaultForecastOptions: ForecastOptions = {
  leadTimeDays: 14,
  horizonDays: 7,
  serviceLevel: 0.95,
  reviewDays: 7,
  targetCoverDays: 30,
  deadStockDays: 60,
  onOrder: 0,
  minOrderQty: 0,
  packSize: 1,
};
