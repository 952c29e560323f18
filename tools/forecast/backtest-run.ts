// Rolling-origin backtest: at each origin every method sees the simulated shop's history up to
// that day (capped sales, censoring mask, stock on hand) and is scored on the true demand of
// the following `window` days. Scored origins are weekly, the last one `window` days before
// the data ends. Tuning origins are weekly too, all earlier, and their outcome windows end
// before the first scored origin: nothing the tuning sees overlaps what is scored.
import { daysBetween } from "../../domain/forecast/dates.ts";
import { inStockAverage } from "../../domain/forecast/in-stock-average.ts";
import {
  DEFAULT_PARAMETERS,
  defaultForecastOptions,
  forecastMany,
} from "../../domain/forecast/index.ts";
import { seedFormula } from "../../domain/forecast/seed-formula.ts";
import type {
  DemandClass,
  DemandHistory,
  EngineParameters,
  VariantForecast,
} from "../../domain/forecast/types.ts";
import { MetricAccumulator, naiveScale, type PairOutcome } from "./backtest-metrics.ts";
import { dayAt, type DemandData } from "./demand-data.ts";
import {
  DEFAULT_SIMULATION,
  simulateStock,
  type SimulatedStock,
  type SimulationSettings,
} from "./inventory-simulation.ts";

export const METHODS = ["seed", "oos_avg", "ours"] as const;
export type MethodName = (typeof METHODS)[number];
// Not a method: a yardstick that knows each SKU's true demand over the next 30 days (but not
// when within them it comes), with the seed's deterministic date. Markdown only.
export const ORACLE = "oracle_30d_total";
export type RowName = MethodName | typeof ORACLE;
export const CLASSES: readonly DemandClass[] = [
  "smooth",
  "erratic",
  "intermittent",
  "lumpy",
  "none",
];

export type BacktestSettings = {
  window: number; // days scored after each origin
  evaluationOrigins: number;
  maxTuningOrigins: number;
  stepDays: number;
  minHistoryDays: number; // first tuning origin at least this far into the data
  maxHistoryDays: number; // history handed to the methods, like the worker's window
  simulation: SimulationSettings;
};

export const DEFAULT_BACKTEST: BacktestSettings = {
  window: 30,
  evaluationOrigins: 26,
  maxTuningOrigins: 26,
  stepDays: 7,
  minHistoryDays: 56,
  maxHistoryDays: 365,
  simulation: DEFAULT_SIMULATION,
};

// Metric weights: revenue over this many days before the origin (as in M5).
const WEIGHT_DAYS = 28;

export type Shop = {
  data: DemandData;
  stock: SimulatedStock[];
  truePrefix: Float64Array[]; // prefix sums of true demand
};

export function simulateShop(data: DemandData, s: BacktestSettings = DEFAULT_BACKTEST): Shop {
  const stock = data.skus.map((_, i) => simulateStock(data, i, s.simulation));
  const truePrefix = data.demand.map((d) => {
    const p = new Float64Array(d.length + 1);
    for (let t = 0; t < d.length; t++) p[t + 1] = p[t]! + d[t]!;
    return p;
  });
  return { data, stock, truePrefix };
}

export function originsOf(
  data: DemandData,
  s: BacktestSettings = DEFAULT_BACKTEST,
): { evaluation: number[]; tuning: number[] } {
  const last = data.days - 1 - s.window;
  const evaluation: number[] = [];
  for (let k = s.evaluationOrigins - 1; k >= 0; k--) {
    const o = last - k * s.stepDays;
    if (o >= s.minHistoryDays) evaluation.push(o);
  }
  const tuning: number[] = [];
  const firstScored = evaluation[0] ?? last;
  for (let o = firstScored - s.window; o >= s.minHistoryDays; o -= s.stepDays) {
    if (tuning.length === s.maxTuningOrigins) break;
    tuning.unshift(o);
  }
  return { evaluation, tuning };
}

// Everything known at one origin: the histories the methods see and the truth they are
// scored on.
export type OriginBatch = {
  origin: number;
  skus: number[];
  histories: DemandHistory[];
  truth: Array<{
    actual30: number;
    stockoutDay: number | null;
    scaleAbs: number;
    scaleSquare: number;
    weight: number;
  }>;
};

export function originBatch(shop: Shop, origin: number, s: BacktestSettings): OriginBatch {
  const { data } = shop;
  const asOf = dayAt(data, origin);
  const from = Math.max(0, origin + 1 - s.maxHistoryDays);
  const batch: OriginBatch = { origin, skus: [], histories: [], truth: [] };
  for (let i = 0; i < data.skus.length; i++) {
    const first = data.firstDay[i]!;
    if (first > origin) continue;
    const st = shop.stock[i]!;
    const available = st.stockEnd[origin]!;
    batch.skus.push(i);
    batch.histories.push({
      asOf,
      units: st.sales.subarray(from, origin + 1),
      censored: st.censored.subarray(from, origin + 1),
      firstDay: Math.max(0, first - from),
      available,
      tracked: true,
      price: data.price[i]!,
    });
    const prefix = shop.truePrefix[i]!;
    let stockoutDay: number | null = null;
    if (available > 0) {
      for (let t = 1; t <= s.window; t++) {
        if (prefix[origin + 1 + t]! - prefix[origin + 1]! >= available) {
          stockoutDay = t;
          break;
        }
      }
    }
    const scale = naiveScale(prefix, first, origin, s.window);
    const recentUnits = prefix[origin + 1]! - prefix[Math.max(0, origin + 1 - WEIGHT_DAYS)]!;
    batch.truth.push({
      actual30: prefix[origin + 1 + s.window]! - prefix[origin + 1]!,
      stockoutDay,
      scaleAbs: scale.abs,
      scaleSquare: scale.square,
      weight: recentUnits * (data.price[i]! > 0 ? data.price[i]! : 1),
    });
  }
  return batch;
}

export function forecastOrigin(
  batch: OriginBatch,
  method: RowName,
  parameters: EngineParameters = DEFAULT_PARAMETERS,
): VariantForecast[] {
  const o = defaultForecastOptions;
  if (method === "ours") return forecastMany(batch.histories, o, { parameters });
  if (method === ORACLE) return batch.histories.map((h, k) => oracle(h, batch.truth[k]!.actual30));
  const f = method === "seed" ? seedFormula : inStockAverage;
  return batch.histories.map((h) => f(h, o));
}

export function outcome(
  batch: OriginBatch,
  k: number,
  f: VariantForecast,
  demandClass: DemandClass,
): PairOutcome {
  const h = batch.histories[k]!;
  const t = batch.truth[k]!;
  const mean30 = f.demand30Mean ?? 0;
  return {
    sku: batch.skus[k]!,
    demandClass,
    stock: h.available,
    trueStockoutDay: t.stockoutDay,
    predictedStockoutDay: f.stockoutP50 === null ? null : daysBetween(h.asOf, f.stockoutP50),
    actual30: t.actual30,
    mean30,
    p10: f.demand30P10 ?? mean30,
    p50: f.demand30P50 ?? mean30,
    p90: f.demand30P90 ?? mean30,
    scaleAbs: t.scaleAbs,
    scaleSquare: t.scaleSquare,
    weight: t.weight,
  };
}

function oracle(h: DemandHistory, actual30: number): VariantForecast {
  const f = seedFormula(
    { ...h, units: new Float64Array(30).fill(actual30 / 30) },
    defaultForecastOptions,
  );
  return {
    ...f,
    method: ORACLE,
    demand30Mean: actual30,
    demand30P10: actual30,
    demand30P50: actual30,
    demand30P90: actual30,
  };
}

export type Scores = { overall: MetricAccumulator; byClass: Map<DemandClass, MetricAccumulator> };

export function newScores(window: number): Scores {
  return {
    overall: new MetricAccumulator(window),
    byClass: new Map(CLASSES.map((c) => [c, new MetricAccumulator(window)])),
  };
}

// Scores every method over the batches. Pairs are put in the demand class our engine assigns
// from the history at the origin, for every method, so classes compare like with like.
export function scoreMethods(
  batches: OriginBatch[],
  window: number,
  parameters: EngineParameters,
  methods: readonly RowName[] = METHODS,
): Record<RowName, Scores> {
  const scores = Object.fromEntries(
    [...METHODS, ORACLE].map((m) => [m, newScores(window)]),
  ) as Record<RowName, Scores>;
  for (const batch of batches) {
    const ours = forecastOrigin(batch, "ours", parameters);
    for (const method of methods) {
      const forecasts = method === "ours" ? ours : forecastOrigin(batch, method, parameters);
      const s = scores[method];
      forecasts.forEach((f, k) => {
        const cls = ours[k]!.demandClass;
        const pair = outcome(batch, k, f, cls);
        s.overall.add(pair);
        s.byClass.get(cls)!.add(pair);
      });
    }
  }
  return scores;
}
