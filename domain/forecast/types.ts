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
  // Pooling keys, most specific first (e.g. ["product:123", "type:Mugs"]): a variant with little
  // history borrows its rate from the first group that has enough established members.
  groups?: readonly string[];
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
  // Stock on its way with a date (shipments, transfers, purchase orders), netted by the day it
  // lands: the stockout dates, risks and the suggestion count it from then on, not as a lump.
  arrivals?: readonly Arrival[];
};

// `quantity` units expected to land `day` days after as-of (1 = tomorrow; an overdue arrival is
// expected tomorrow). Available for sale from the start of that day.
export type Arrival = { day: number; quantity: number };

// What the next arrival means for a variant that sells: the chance it runs out before the
// arrival lands, and what that gap costs (the stock-gap alert).
export type ArrivalGap = {
  day: number; // days after as-of the next arrival lands
  quantity: number;
  pStockout: number; // P(stock runs out before it lands)
  expectedDays: number; // expected days out of stock before it lands
  lostUnits: number; // expected demand not served before it lands
  lostRevenue: number;
};

// When several apply, the first in this list wins. "The window" is the history passed in.
export type ForecastStatus =
  | "untracked" // Shopify does not track stock: nothing to forecast
  | "out_of_stock" // nothing left now (or oversold): the stockout dates are today
  | "never_in_stock" // no in-stock day in the window: demand unknown (forecast only from a pooled prior, if given)
  | "new" // fewer than 14 in-stock days: still forecast (blended with the pooled prior, if given), flagged
  | "no_sales" // in stock, nothing sold in the window: no stockout expected
  | "ok"; // a velocity and, when it sells, a stockout date

export type DemandClass = "smooth" | "intermittent" | "erratic" | "lumpy" | "none";

export type VariantForecast = {
  method: string; // method id and version, stored with every forecast
  status: ForecastStatus;
  velocity: number; // expected units per day
  daysOfCover: number | null; // available / velocity; null when nothing sells
  stockoutP10: string | null; // YYYY-MM-DD; null when no stockout expected within 365 days
  stockoutP25: string | null; // the alerts' default (docs/forecasting/alerts.md)
  stockoutP50: string | null;
  stockoutP90: string | null;
  pStockoutLead: number | null; // P(stockout before an order placed today arrives)
  pStockoutHorizon: number | null; // P(stockout within lead time + horizon)
  // Demand over the next 7 days (mean and P10/P90): what the accuracy tracker scores after a week.
  demand7Mean?: number | null;
  demand7P10?: number | null;
  demand7P90?: number | null;
  demand30Mean: number | null;
  demand30P10: number | null;
  demand30P50?: number | null; // median of the next 30 days' demand (optional: added by tsb-nb@1)
  demand30P90: number | null;
  reorderPoint: number | null;
  suggestedQty: number | null;
  demandClass: DemandClass;
  deadStock: boolean;
  revenueAtRisk: number; // expected lost sales value before the earliest replenishment
  // Set when arrivals were given (and the variant is tracked): the gap before the next one.
  arrivalGap?: ArrivalGap | null;
};

// Nothing forecast: no rate, dates, ranges or suggestion. Each method adds its id and a status.
export const NO_FORECAST: Omit<VariantForecast, "method" | "status"> = {
  velocity: 0,
  daysOfCover: null,
  stockoutP10: null,
  stockoutP25: null,
  stockoutP50: null,
  stockoutP90: null,
  pStockoutLead: null,
  pStockoutHorizon: null,
  demand7Mean: null,
  demand7P10: null,
  demand7P90: null,
  demand30Mean: null,
  demand30P10: null,
  demand30P50: null,
  demand30P90: null,
  reorderPoint: null,
  suggestedQty: null,
  demandClass: "none",
  deadStock: false,
  revenueAtRisk: 0,
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

// Smoothing and uncertainty settings for one demand class (see parameters.ts for the values the
// backtest chose and how).
export type ClassParameters = {
  alpha: number; // TSB smoothing of the demand size (on days with a sale)
  beta: number; // TSB smoothing of the probability of a sale (on every open, in-stock day)
  levelVariance: number; // squared relative drift of the rate itself (prior for a short history)
};
export type EngineParameters = {
  classes: Record<DemandClass, ClassParameters>;
  // Batch only: how many days ahead the shop's trend carries every rate (0 = no trend).
  trendLeadDays: number;
  // Batch only: use last year's move around this date when the history covers it.
  yearlySeasonality: boolean;
};

// What a typical established variant of the same group (product, product type, shop) sells.
export type DemandPrior = {
  rate: number; // units per day
  size: number; // units per sale
  sizeSquare: number; // mean square of units per sale (spread of sale sizes)
};

// What one variant's forecast may take from its peers. forecastMany fills it in for a batch;
// a caller forecasting a single variant may pass its own.
export type ForecastContext = {
  // 7 weights, Sunday first, averaging 1; a weekday under 0.1 counts as closed.
  dayOfWeek?: ArrayLike<number>;
  prior?: DemandPrior;
  parameters?: EngineParameters;
};
