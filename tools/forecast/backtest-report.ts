// Backtest results as markdown tables (for people and docs/forecasting) and as the JSON the
// brief specifies (for machines).
import type { DemandClass, EngineParameters } from "../../domain/forecast/types.ts";
import type { Metrics } from "./backtest-metrics.ts";
import {
  CLASSES,
  METHODS,
  ORACLE,
  type MethodName,
  type RowName,
  type Scores,
} from "./backtest-run.ts";

const FIGURES = [
  "hit3",
  "hit7",
  "rmsse",
  "mase",
  "bias",
  "pinball_p10",
  "pinball_p50",
  "pinball_p90",
  "coverage80",
  "rmsse_unweighted",
  "mase_unweighted",
] as const;

type Figures = Pick<Metrics, (typeof FIGURES)[number]>;
export type MethodJson = Figures & { by_class: Partial<Record<DemandClass, Figures>> };

function figures(m: Metrics): Figures {
  return Object.fromEntries(FIGURES.map((k) => [k, round(m[k])])) as Figures;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10000) / 10000 : x;
}

export function toJson(scores: Record<MethodName, Scores>): {
  methods: Record<MethodName, MethodJson>;
} {
  const methods = {} as Record<MethodName, MethodJson>;
  for (const m of METHODS) {
    const by_class: Partial<Record<DemandClass, Figures>> = {};
    for (const c of CLASSES) {
      const r = scores[m].byClass.get(c)!.result();
      if (r.pairs > 0) by_class[c] = figures(r);
    }
    methods[m] = { ...figures(scores[m].overall.result()), by_class };
  }
  return { methods };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : "–");
const num = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");

function table(rows: Array<[string, Metrics]>): string {
  const head =
    "| method | pairs | dated pairs (stockout in window) | hit ±3 d | hit ±7 d | RMSSE | MASE | bias | pinball P10 | pinball P50 | pinball P90 | P10–P90 coverage | RMSSE unweighted | MASE unweighted | hit ±7 d: stockout / none |\n" +
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const body = rows.map(
    ([name, r]) =>
      `| ${name} | ${r.pairs} | ${r.date_pairs} (${r.stockouts_in_window}) | ${pct(r.hit3)} | ${pct(r.hit7)} | ${num(r.rmsse)} | ${num(r.mase)} | ${num(r.bias)} | ${num(r.pinball_p10)} | ${num(r.pinball_p50)} | ${num(r.pinball_p90)} | ${pct(r.coverage80)} | ${num(r.rmsse_unweighted)} | ${num(r.mase_unweighted)} | ${pct(r.hit7_stockout)} / ${pct(r.hit7_no_stockout)} |`,
  );
  return [head, ...body].join("\n");
}

export function toMarkdown(scores: Record<RowName, Scores>, withOracle: boolean): string {
  const rows: RowName[] = withOracle ? [...METHODS, ORACLE] : [...METHODS];
  const parts = ["### All pairs", "", table(rows.map((m) => [m, scores[m].overall.result()]))];
  for (const c of CLASSES) {
    const rows = METHODS.map((m) => [m, scores[m].byClass.get(c)!.result()] as [string, Metrics]);
    if (rows[0]![1].pairs === 0) continue;
    parts.push("", `### Demand class: ${c}`, "", table(rows));
  }
  return parts.join("\n");
}

export function parametersMarkdown(p: EngineParameters): string {
  const rows = CLASSES.map(
    (c) =>
      `| ${c} | ${p.classes[c].alpha} | ${p.classes[c].beta} | ${p.classes[c].levelVariance} |`,
  );
  return [
    "| class | alpha | beta | level variance |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    `Shop trend carried ${p.trendLeadDays} days ahead${p.trendLeadDays === 0 ? " (no shop trend)" : ""}`,
  ].join("\n");
}
