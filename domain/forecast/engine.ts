// The forecasting engine: TSB rate on observed days × pooled weekday index, a negative binomial
// for cumulative demand, and from it the stockout date range, risks and order suggestions.
// Split in two steps so a batch can fit every variant, pool what the established ones know,
// and only then finish the variants that need to borrow from their group.
import {
  cumulativeDemand,
  demandQuantile,
  type CumulativeDemand,
  expectedShortfall,
  meanOver,
  stockoutBy,
  stockoutDay,
} from "./cumulative-demand.ts";
import {
  arrivalGap,
  stockBy,
  stockoutByNetted,
  stockoutDayNetted,
  stockSteps,
  type StockStep,
} from "./arrivals.ts";
import { dayAfter, dayOfWeek } from "./dates.ts";
import { CLOSED_WEIGHT, FLAT_WEEK } from "./day-of-week.ts";
import { scanHistory, type HistoryScan } from "./history-scan.ts";
import { DEFAULT_PARAMETERS } from "./parameters.ts";
import { orderQuantity } from "./replenishment.ts";
import { scaleRate, type ShopLevelSeries } from "./shop-trend.ts";
import { smoothTsb } from "./tsb.ts";
import {
  NO_FORECAST,
  type ClassParameters,
  type DemandHistory,
  type DemandPrior,
  type EngineParameters,
  type ForecastOptions,
  type VariantForecast,
} from "./types.ts";

export const METHOD = "tsb-nb@2";
// Fewer observed days than this: status "new".
export const NEW_BELOW_DAYS = 14;
// Below this many observed days a pooled prior is blended in; from here on the variant's own
// history speaks alone.
export const ESTABLISHED_DAYS = 56;
// A prior weighs as much as this many observed days, and as much evidence as this many sales.
const PRIOR_DAYS = 14;
const PRIOR_SALES = 3;
// The shop's measured typical drift weighs as much as this many months of the variant's own (a
// few months of one variant's level say little about its drift); a class constant, used when
// the shop could not be measured, half as much.
const SHOP_DRIFT_BLOCKS = 6;
const CLASS_DRIFT_BLOCKS = 3;

export type VariantFit = {
  scan: HistoryScan;
  params: ClassParameters;
  asOfDow: number;
  rate: number; // units per average day = probability × size
  probability: number; // chance of a sale on an average open day
  size: number; // weekday-adjusted units per sale
  sizeSquare: number; // their mean square
  evidence: number; // sales the rate rests on (own, plus what a prior is worth)
  // The shop's typical drift for this variant's class (forecastBatch); else the class constant.
  driftPrior?: number;
};

export function fitVariant(
  h: DemandHistory,
  week: ArrayLike<number> = FLAT_WEEK,
  parameters: EngineParameters = DEFAULT_PARAMETERS,
  shop?: ShopLevelSeries,
): VariantFit {
  const asOfDow = dayOfWeek(h.asOf);
  const scan = scanHistory(h, week, asOfDow);
  const params = parameters.classes[scan.demandClass];
  if (scan.saleDays === 0) {
    return {
      scan,
      params,
      asOfDow,
      rate: 0,
      probability: 0,
      size: 0,
      sizeSquare: 0,
      evidence: 0,
    };
  }
  const s = smoothTsb(h, scan, week, params, shop);
  // A long memory suits lumpy sellers but would let a dead item keep its old rate for months.
  // After k observed open days without a sale, a daily sale chance above 1 − 0.05^(1/k) is
  // implausible (such a run would happen less than 5 % of the time), so it is capped there.
  const idle = scan.idleOpenDays;
  let probability =
    idle > 0 ? Math.min(s.probability, 1 - Math.pow(0.05, 1 / idle)) : s.probability;
  // The mirror image: a variant that suddenly sells on most recent days cannot keep a tiny
  // sale chance; it is raised to the 95 % lower bound of its recent rate.
  probability = Math.max(probability, recentLowerBound(h, week, scan.startDow, scan.from));
  return {
    scan,
    params,
    asOfDow,
    rate: probability * s.size,
    probability,
    size: s.size,
    sizeSquare: s.sizeSquare,
    evidence: scan.saleDays,
  };
}

const RECENT_DAYS = 14;

// Wilson 95 % (one-sided) lower bound of the share of selling days among the last
// RECENT_DAYS observed open days; 0 when fewer days were observed.
function recentLowerBound(
  h: DemandHistory,
  week: ArrayLike<number>,
  startDow: number,
  from: number,
): number {
  const end = h.units.length;
  let d = (startDow + ((end - 1 - from) % 7)) % 7;
  let n = 0;
  let sales = 0;
  for (let i = end - 1; i >= from && n < RECENT_DAYS; i--) {
    const y = h.units[i]!;
    const w = week[d]!;
    d = d === 0 ? 6 : d - 1;
    if ((h.censored[i] && !(y > 0)) || w < CLOSED_WEIGHT) continue;
    n++;
    if (y > 0) sales++;
  }
  if (n < RECENT_DAYS) return 0;
  const z = 1.645;
  const share = sales / n;
  const z2n = (z * z) / n;
  const root = z * Math.sqrt((share * (1 - share)) / n + z2n / (4 * n));
  return Math.max(0, (share + z2n / 2 - root) / (1 + z2n));
}

// A variant with little history leans on its group, in proportion to how little it has seen:
// the rate is blended; sale sizes are its own once it has sold twice, else the group's.
export function withPrior(fit: VariantFit, prior: DemandPrior | undefined): VariantFit {
  if (!prior || !(prior.rate > 0) || fit.scan.openDays >= ESTABLISHED_DAYS) return fit;
  const n = fit.scan.openDays;
  const weight = PRIOR_DAYS / (n + PRIOR_DAYS);
  const rate = (1 - weight) * fit.rate + weight * prior.rate;
  const own = fit.scan.saleDays >= 2;
  let size = own ? fit.size : prior.size;
  let sizeSquare = own ? fit.sizeSquare : prior.sizeSquare;
  let probability = rate / size;
  if (probability > 1) {
    // Sells more often than once a day: larger sales instead (same shape).
    const scale = probability;
    size *= scale;
    sizeSquare *= scale * scale;
    probability = 1;
  }
  return {
    ...fit,
    rate,
    probability,
    size,
    sizeSquare,
    evidence: fit.evidence + weight * PRIOR_SALES,
  };
}

const EMPTY: Omit<VariantForecast, "status"> = { method: METHOD, ...NO_FORECAST };

export function finishForecast(
  h: DemandHistory,
  o: ForecastOptions,
  fit: VariantFit,
  week: ArrayLike<number> = FLAT_WEEK,
): VariantForecast {
  if (!h.tracked) return { ...EMPTY, status: "untracked" };
  const { scan } = fit;
  const stock = h.available;
  const observed = scan.openDays > 0 || scan.inStockDays > 0;
  const deadStock = stock > 0 && scan.idleInStockDays >= o.deadStockDays;
  const base = { ...EMPTY, demandClass: scan.demandClass, deadStock };

  if (!(fit.rate > 0)) {
    if (stock <= 0) {
      return { ...base, status: "out_of_stock", daysOfCover: 0, ...today(h.asOf) };
    }
    const status = !observed
      ? "never_in_stock"
      : scan.openDays < NEW_BELOW_DAYS
        ? "new"
        : "no_sales";
    return {
      ...base,
      status,
      demand7Mean: observed ? 0 : null,
      demand7P10: observed ? 0 : null,
      demand7P90: observed ? 0 : null,
      demand30Mean: observed ? 0 : null,
      demand30P10: observed ? 0 : null,
      demand30P50: observed ? 0 : null,
      demand30P90: observed ? 0 : null,
      reorderPoint: observed ? 0 : null,
    };
  }

  // Uncertainty of the rate, in two parts (relative variances):
  // - drift: how much this variant's level has moved from month to month, shrunk toward its
  //   class's value when it has few months of history. Level moves are multiplicative and as
  //   likely up as down, so the smoothed rate is the *median* of the coming level and its mean
  //   lies above it, by √(1 + drift) for a log-normal level (docs/forecasting/methods.md:
  //   treating the smoothed rate as the mean put every P50 date late);
  // - sampling: the error of a compound rate seen through k sales, (1 − p + CV² of sizes) / k,
  //   which averages out: the rate is its mean.
  const sizeCv2 = Math.max(0, fit.sizeSquare / (fit.size * fit.size) - 1);
  const b = Number.isNaN(scan.levelDrift) ? 0 : scan.blocks;
  const own = b * (b > 0 ? scan.levelDrift : 0);
  const sampling = (1 - Math.min(fit.probability, 1) + sizeCv2) / Math.max(1, fit.evidence);
  let drift: number;
  let median: number; // the drift that puts the mean above the smoothed rate
  if (fit.driftPrior !== undefined) {
    drift = (own + SHOP_DRIFT_BLOCKS * fit.driftPrior) / (b + SHOP_DRIFT_BLOCKS);
    median = drift;
  } else {
    // The shop's drift is unknown (a few variants alone, or too little history): the class
    // constant still widens the range, but only drift the variant has shown raises its mean
    // (measured: the constant alone raised a steady shop's replayed forecasts by a quarter).
    drift = (own + CLASS_DRIFT_BLOCKS * fit.params.levelVariance) / (b + CLASS_DRIFT_BLOCKS);
    median = own / (b + CLASS_DRIFT_BLOCKS);
  }
  const levelVariance = (1 + drift) * (1 + sampling) - 1;
  const expected = scaleRate(fit, Math.sqrt(1 + median));
  const rate = expected.rate;
  const m = cumulativeDemand(
    expected.probability,
    expected.size,
    expected.sizeSquare,
    levelVariance,
    week,
    fit.asOfDow,
  );
  const lead = o.leadTimeDays;
  const out = stock <= 0;
  // Stock on its way, by the day it lands (arrivals.ts); without any, the plain stock.
  const steps = o.arrivals?.length ? stockSteps(stock, o.arrivals) : null;
  const by = steps
    ? (days: number) => (out ? 1 : stockoutByNetted(m, steps, days))
    : (days: number) => (out ? 1 : stockoutBy(m, stock, days));
  let p10: number | null = 0;
  let p25: number | null = 0;
  let p50: number | null = 0;
  let p90: number | null = 0;
  if (!out && steps) {
    p50 = stockoutDayNetted(m, steps, 0.5);
    p10 = stockoutDayNetted(m, steps, 0.1, 1, p50 ?? undefined);
    p25 = p10 === null ? null : stockoutDayNetted(m, steps, 0.25, p10, p50 ?? undefined);
    p90 = p50 === null ? null : stockoutDayNetted(m, steps, 0.9, p50);
  } else if (!out) {
    p50 = stockoutDay(m, stock, 0.5);
    p10 = p50 === null ? stockoutDay(m, stock, 0.1) : stockoutDay(m, stock, 0.1, 1, p50, true);
    p25 =
      p10 === null
        ? null
        : p50 === null
          ? stockoutDay(m, stock, 0.25, p10)
          : stockoutDay(m, stock, 0.25, p10, p50, true);
    p90 = p50 === null ? null : stockoutDay(m, stock, 0.9, p50);
  }
  const date = (d: number | null) => (d === null ? null : dayAfter(h.asOf, d));
  // The stock position an order placed today tops up: what lands before the order would (lead
  // time + target cover) counts; later arrivals do not.
  const position = steps ? stockBy(steps, lead + o.targetCoverDays) : stock;
  const gap = steps ? arrivalGap(m, steps, h.price) : undefined;
  return {
    method: METHOD,
    status: out
      ? "out_of_stock"
      : !observed
        ? "never_in_stock"
        : scan.openDays < NEW_BELOW_DAYS
          ? "new"
          : "ok",
    velocity: rate,
    daysOfCover: Math.max(0, stock) / rate,
    stockoutP10: date(p10),
    stockoutP25: date(p25),
    stockoutP50: date(p50),
    stockoutP90: date(p90),
    pStockoutLead: by(lead),
    pStockoutHorizon: by(lead + o.horizonDays),
    demand7Mean: meanOver(m, 7),
    demand7P10: demandQuantile(m, 7, 0.1),
    demand7P90: demandQuantile(m, 7, 0.9),
    demand30Mean: meanOver(m, 30),
    demand30P10: demandQuantile(m, 30, 0.1),
    demand30P50: demandQuantile(m, 30, 0.5),
    demand30P90: demandQuantile(m, 30, 0.9),
    reorderPoint: demandQuantile(m, lead + o.reviewDays, o.serviceLevel),
    suggestedQty: orderQuantity(
      demandQuantile(m, lead + o.targetCoverDays, o.serviceLevel),
      position,
      o,
    ),
    demandClass: scan.demandClass,
    deadStock,
    revenueAtRisk: revenueLost(m, stock, steps, lead) * h.price,
    ...(gap === undefined ? {} : { arrivalGap: gap }),
  };
}

// Expected units not sold before the earliest replenishment (an order placed today, lead days
// out). Out of stock: everything wanted until then is lost; else what exceeds the stock. With
// arrivals: the larger of the loss before the first one lands and the loss over the lead time
// with everything landing within it (both lower bounds of the loss with arrivals by date).
function revenueLost(
  m: CumulativeDemand,
  stock: number,
  steps: StockStep[] | null,
  lead: number,
): number {
  if (!steps) return stock <= 0 ? meanOver(m, lead) : expectedShortfall(m, stock, lead);
  const onHand = steps[0]!.stock;
  const before = Math.min(lead, (steps[1]?.from ?? lead + 1) - 1);
  const gap = onHand <= 0 ? meanOver(m, before) : expectedShortfall(m, onHand, before);
  const withArrivals = stockBy(steps, lead);
  const overLead = withArrivals <= 0 ? meanOver(m, lead) : expectedShortfall(m, withArrivals, lead);
  return Math.max(gap, overLead);
}

function today(asOf: string) {
  return {
    stockoutP10: asOf,
    stockoutP25: asOf,
    stockoutP50: asOf,
    stockoutP90: asOf,
    pStockoutLead: 1,
    pStockoutHorizon: 1,
  };
}
