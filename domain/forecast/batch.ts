// Forecasting a batch (a shop, or the worker's 2,000 dirty variants) at once, so variants can
// share what one variant cannot know alone: the weekday pattern (pooled over the batch, or per
// group at one level of `groups`), whether the whole shop is growing or shrinking
// (shop-trend.ts), and, for variants with little history, a typical rate from their product or
// product type. The whole batch is too broad a reference for a new variant (measured: blending
// new variants toward the batch's median rate made the stockout dates of launches worse, see
// docs/forecasting/methods.md), so there is no batch-wide prior.
import {
  addToWeekPool,
  mergeWeekPools,
  newWeekPool,
  normalizeWeek,
  weekIndex,
} from "./day-of-week.ts";
import {
  ESTABLISHED_DAYS,
  finishForecast,
  fitVariant,
  withPrior,
  type VariantFit,
} from "./engine.ts";
import { DEFAULT_PARAMETERS } from "./parameters.ts";
import {
  MIN_SHOP_VARIANTS,
  newShopLevelSeries,
  scaleRate,
  SEASON_BEFORE,
  seasonalFactor,
  shopTrendSlope,
  trendFactor,
} from "./shop-trend.ts";
import type {
  DemandClass,
  DemandHistory,
  DemandPrior,
  EngineParameters,
  ForecastOptions,
  VariantForecast,
} from "./types.ts";

export type BatchPooling = {
  // Use this weekday index for everyone instead of pooling one (e.g. the whole shop's,
  // computed once a day, when the batch is only a few dirty variants).
  dayOfWeek?: ArrayLike<number>;
  // Pool the weekday index per group at this position of `history.groups` (0 = most
  // specific), each shrunk toward the batch's index; omitted: one index for the batch.
  dayOfWeekGroupLevel?: number;
  // Group priors need this many established members (else the next group).
  minGroupSize?: number;
  // What a large batch of the same shop measured (forecastBatch's `shop`), for a batch too
  // small to show it; omitted: measured on this batch when it is large enough.
  shop?: ShopPooling;
  parameters?: EngineParameters;
};

export function forecastMany(
  histories: readonly DemandHistory[],
  options: ForecastOptions | ((i: number) => ForecastOptions),
  pooling: BatchPooling = {},
): VariantForecast[] {
  return forecastBatch(histories, options, pooling).forecasts;
}

// What one variant cannot show about its level, measured over the whole shop:
// - trend: the shop's growth (log per day, shop-trend.ts);
// - season: last year's move from the weeks before this date to the weeks after (a factor, 1
//   without a year of history, shop-trend.ts);
// - drift: per demand class, the median month-to-month level drift of the variants with at
//   least MIN_DRIFT_BLOCKS months of history: the prior a variant's own drift is shrunk to.
//   A shop whose demand is steady gets little (its forecasts are not raised for drift it does
//   not have); one whose items swing gets more. Measured: the coverage-tuned class constants
//   raised a steady demo shop's forecasts by a quarter, and carparts' (docs/forecasting/methods.md).
export type ShopPooling = {
  trend: number;
  season: number;
  drift: Partial<Record<DemandClass, number>>;
};
const MIN_DRIFT_BLOCKS = 6;
const MIN_DRIFT_VARIANTS = 10;

// forecastMany, plus what the batch measured about the shop (null when it is too small to
// tell), so a caller can keep a large batch's measurement for the small batches that follow.
export function forecastBatch(
  histories: readonly DemandHistory[],
  options: ForecastOptions | ((i: number) => ForecastOptions),
  pooling: BatchPooling = {},
): { forecasts: VariantForecast[]; shop: ShopPooling | null } {
  const n = histories.length;
  const parameters = pooling.parameters ?? DEFAULT_PARAMETERS;
  const minGroup = pooling.minGroupSize ?? 3;
  const weeks = weekdayIndices(histories, pooling);

  const series =
    pooling.shop === undefined &&
    (parameters.trendLeadDays > 0 ||
      (parameters.yearlySeasonality && longestHistory(histories) > YEAR_AND_A_MONTH))
      ? newShopLevelSeries(histories)
      : undefined;
  const fits: VariantFit[] = new Array(n);
  const rates = new Map<string, number[]>();
  const sizes = new Map<string, number[]>();
  const spreads = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const h = histories[i]!;
    const fit = fitVariant(h, weeks(i), parameters, series);
    fits[i] = fit;
    if (!h.tracked || fit.scan.openDays < ESTABLISHED_DAYS) continue;
    const add = (key: string) => {
      push(rates, key, fit.rate);
      if (fit.rate > 0) {
        push(sizes, key, fit.size);
        push(spreads, key, fit.sizeSquare / (fit.size * fit.size));
      }
    };
    if (h.groups) for (const key of h.groups) add(key);
  }

  const priors = new Map<string, DemandPrior | null>();
  const priorFor = (key: string): DemandPrior | null => {
    let p = priors.get(key);
    if (p === undefined) {
      const r = rates.get(key);
      const z = sizes.get(key);
      if (r && z && r.length >= minGroup) {
        const size = median(z);
        p = { rate: median(r), size, sizeSquare: median(spreads.get(key)!) * size * size };
      } else p = null;
      priors.set(key, p);
    }
    return p;
  };

  const measured = pooling.shop === undefined && countTracked(histories) >= MIN_SHOP_VARIANTS;
  const shop: ShopPooling | null =
    pooling.shop ??
    (measured
      ? {
          trend: series && parameters.trendLeadDays > 0 ? shopTrendSlope(series) : 0,
          season: series && parameters.yearlySeasonality ? seasonalFactor(series) : 1,
          drift: pooledDrift(histories, fits),
        }
      : null);
  const level = trendFactor(shop?.trend ?? 0, parameters.trendLeadDays) * (shop?.season ?? 1);
  // A trend or season measured on the batch applies to the variants it was measured on.
  const trendAsOf = pooling.shop === undefined ? series?.asOf : undefined;

  const out: VariantForecast[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const h = histories[i]!;
    let fit = fits[i]!;
    if (fit.scan.openDays < ESTABLISHED_DAYS) {
      const prior = firstPrior(h.groups, priorFor);
      if (prior) fit = withPrior(fit, prior);
    }
    if (level !== 1 && (trendAsOf === undefined || h.asOf === trendAsOf)) {
      fit = scaleRate(fit, level);
    }
    const driftPrior = shop?.drift[fit.scan.demandClass];
    if (driftPrior !== undefined) fit = { ...fit, driftPrior };
    out[i] = finishForecast(h, typeof options === "function" ? options(i) : options, fit, weeks(i));
  }
  return { forecasts: out, shop };
}

// Days of history a batch needs before last year's season can be read (shop-trend.ts).
const YEAR_AND_A_MONTH = 364 + SEASON_BEFORE;

function longestHistory(histories: readonly DemandHistory[]): number {
  let n = 0;
  for (const h of histories)
    if (h.tracked) n = Math.max(n, h.units.length - Math.max(0, h.firstDay));
  return n;
}

function countTracked(histories: readonly DemandHistory[]): number {
  let n = 0;
  for (const h of histories) if (h.tracked) n++;
  return n;
}

function pooledDrift(
  histories: readonly DemandHistory[],
  fits: readonly VariantFit[],
): Partial<Record<DemandClass, number>> {
  const byClass = new Map<DemandClass, number[]>();
  fits.forEach((f, i) => {
    if (!histories[i]!.tracked || f.scan.blocks < MIN_DRIFT_BLOCKS) return;
    if (Number.isNaN(f.scan.levelDrift)) return;
    push(byClass, f.scan.demandClass, f.scan.levelDrift);
  });
  const out: Partial<Record<DemandClass, number>> = {};
  for (const [c, drifts] of byClass) {
    if (drifts.length >= MIN_DRIFT_VARIANTS) out[c] = median(drifts);
  }
  return out;
}

function weekdayIndices(
  histories: readonly DemandHistory[],
  pooling: BatchPooling,
): (i: number) => ArrayLike<number> {
  if (pooling.dayOfWeek) {
    const fixed = normalizeWeek(pooling.dayOfWeek);
    return () => fixed;
  }
  const level = pooling.dayOfWeekGroupLevel;
  const all = newWeekPool();
  const byGroup = new Map<string, Float64Array>();
  for (const h of histories) {
    if (!h.tracked) continue;
    const key = level === undefined ? undefined : h.groups?.[level];
    if (key === undefined) {
      addToWeekPool(all, h);
      continue;
    }
    let pool = byGroup.get(key);
    if (!pool) byGroup.set(key, (pool = newWeekPool()));
    addToWeekPool(pool, h);
  }
  for (const pool of byGroup.values()) mergeWeekPools(all, pool);
  const batchWeek = weekIndex(all);
  if (level === undefined) return () => batchWeek;
  const groupWeeks = new Map<string, Float64Array>();
  for (const [key, pool] of byGroup) groupWeeks.set(key, weekIndex(pool, batchWeek));
  return (i) => {
    const key = histories[i]!.groups?.[level];
    return (key !== undefined && groupWeeks.get(key)) || batchWeek;
  };
}

function firstPrior(
  groups: readonly string[] | undefined,
  priorFor: (key: string) => DemandPrior | null,
): DemandPrior | null {
  for (const key of groups ?? []) {
    const p = priorFor(key);
    if (p) return p;
  }
  return null;
}

function push<K>(m: Map<K, number[]>, key: K, v: number): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
