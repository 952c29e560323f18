// Chooses the engine's parameters on the tuning origins only. For each shop-trend lead: per
// class, the alpha and beta with the lowest RMSSE of 30-day demand in that class; then the
// trend lead whose per-class choice has the lowest overall RMSSE; last, per class, the level
// variance whose P10–P90 coverage is closest to 80 %. A class with too few
// tuning pairs takes the values that are best over all classes together.
import type {
  ClassParameters,
  DemandClass,
  EngineParameters,
} from "../../domain/forecast/types.ts";
import { CLASSES, scoreMethods, type OriginBatch } from "./backtest-run.ts";

export const ALPHAS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
export const BETAS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
export const TREND_LEADS = [0, 5, 10, 20];
export const LEVEL_VARIANCES = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8];
const MIN_PAIRS = 100;
const TARGET_COVERAGE = 0.8;
const START_LEVEL_VARIANCE = 0.1;

type Classes = Record<DemandClass, ClassParameters>;

function uniform(p: ClassParameters): Classes {
  return Object.fromEntries(CLASSES.map((c) => [c, { ...p }])) as Classes;
}

function bestPerClass(batches: OriginBatch[], window: number, trendLeadDays: number): Classes {
  type Best = { score: number; p: ClassParameters };
  const best = new Map<DemandClass | "all", Best>();
  const pairs = new Map<DemandClass, number>();
  const consider = (key: DemandClass | "all", rmsse: number, p: ClassParameters) => {
    const b = best.get(key);
    if (Number.isFinite(rmsse) && (!b || rmsse < b.score)) best.set(key, { score: rmsse, p });
  };
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      const p = { alpha, beta, levelVariance: START_LEVEL_VARIANCE };
      const trial = { classes: uniform(p), trendLeadDays, yearlySeasonality: true };
      const { ours } = scoreMethods(batches, window, trial, ["ours"]);
      consider("all", ours.overall.result().rmsse, p);
      for (const c of CLASSES) {
        const r = ours.byClass.get(c)!.result();
        pairs.set(c, r.pairs);
        consider(c, r.rmsse, p);
      }
    }
  }
  const chosen = {} as Classes;
  for (const c of CLASSES) {
    const own = (pairs.get(c) ?? 0) >= MIN_PAIRS ? best.get(c) : undefined;
    chosen[c] = { ...(own ?? best.get("all")!).p };
  }
  return chosen;
}

export function tuneParameters(
  batches: OriginBatch[],
  window: number,
  log: (line: string) => void = () => {},
): EngineParameters {
  let chosen: EngineParameters | undefined;
  let bestScore = Infinity;
  for (const trendLeadDays of TREND_LEADS) {
    const trial = {
      classes: bestPerClass(batches, window, trendLeadDays),
      trendLeadDays,
      yearlySeasonality: true,
    };
    const rmsse = scoreMethods(batches, window, trial, ["ours"]).ours.overall.result().rmsse;
    log(`tune trend lead ${trendLeadDays}: RMSSE ${rmsse.toFixed(4)}`);
    if (rmsse < bestScore) {
      bestScore = rmsse;
      chosen = trial;
    }
  }
  const result = chosen!;

  const gap = new Map<DemandClass, { gap: number; v: number }>();
  for (const v of LEVEL_VARIANCES) {
    const classes = Object.fromEntries(
      CLASSES.map((c) => [c, { ...result.classes[c], levelVariance: v }]),
    ) as Classes;
    const { ours } = scoreMethods(batches, window, { ...result, classes }, ["ours"]);
    const all = Math.abs(ours.overall.result().coverage80 - TARGET_COVERAGE);
    for (const c of CLASSES) {
      const r = ours.byClass.get(c)!.result();
      const g = r.pairs >= MIN_PAIRS ? Math.abs(r.coverage80 - TARGET_COVERAGE) : all;
      const b = gap.get(c);
      if (Number.isFinite(g) && (!b || g < b.gap)) gap.set(c, { gap: g, v });
    }
  }
  for (const c of CLASSES) {
    result.classes[c].levelVariance = gap.get(c)?.v ?? START_LEVEL_VARIANCE;
    const p = result.classes[c];
    log(`tune ${c}: alpha ${p.alpha} beta ${p.beta} level variance ${p.levelVariance}`);
  }
  log(`tune trend lead: ${result.trendLeadDays} days`);
  return result;
}
