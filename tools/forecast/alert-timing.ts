// npm run alert-timing -- --data <daily_demand.csv | carparts.csv> [--json] [--seed N]
// Does a predicted-stockout alert fire early enough to reorder, and how often for nothing?
// On the backtest's simulated shop (docs/forecasting/backtest.md) at each weekly scored origin,
// the alert rule of domain/alerts (stockout date by the chosen quantile within lead time +
// horizon, i.e. Pr(stockout within lead time + horizon) at least that quantile) is applied with
// several thresholds and lead times:
// - caught in time: of the true stockouts that a weekly review at this origin is the last one to
//   see at least `lead` days ahead (lead ≤ days to the stockout < lead + 7), the share flagged;
// - flags for nothing: of the variants flagged, the share that did not run out within lead +
//   horizon + 7 days (a week's slack).
// The default quantile for alerts is chosen from these figures (docs/forecasting/alerts.md).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultForecastOptions, forecastMany } from "../../domain/forecast/index.ts";
import { DEFAULT_BACKTEST, originBatch, originsOf, simulateShop } from "./backtest-run.ts";
import { isCarpartsHeader, parseCarparts } from "./carparts.ts";
import { parseDailyDemand } from "./demand-data.ts";

const LEADS = [7, 14, 21];
// Alert when Pr(stockout within lead time + horizon) reaches this: 0.1 is "the P10 date falls
// within it", 0.5 "the P50 date does".
const THRESHOLDS = [0.1, 0.2, 0.25, 0.3, 0.4, 0.5];
const REVIEW_DAYS = 7;

type Tally = { due: number; caught: number; flags: number; idle: number };

export function alertTiming(text: string, file: string, seed: number, horizon: number) {
  const data = isCarpartsHeader(text.slice(0, text.indexOf("\n")))
    ? parseCarparts(text, file, seed)
    : parseDailyDemand(text, file);
  const settings = { ...DEFAULT_BACKTEST, simulation: { ...DEFAULT_BACKTEST.simulation, seed } };
  const shop = simulateShop(data, settings);
  const tallies = new Map<string, Tally>();
  for (const origin of originsOf(data, settings).evaluation) {
    const batch = originBatch(shop, origin, settings);
    const forecasts = LEADS.map((lead) =>
      forecastMany(batch.histories, {
        ...defaultForecastOptions,
        leadTimeDays: lead,
        horizonDays: horizon,
      }),
    );
    batch.skus.forEach((i, k) => {
      const h = batch.histories[k]!;
      if (!(h.available > 0)) return;
      // Days until the true demand from tomorrow on reaches today's stock (null: not within 60).
      const prefix = shop.truePrefix[i]!;
      let stockout: number | null = null;
      for (let t = 1; t <= 60 && origin + 1 + t < prefix.length; t++) {
        if (prefix[origin + 1 + t]! - prefix[origin + 1]! >= h.available) {
          stockout = t;
          break;
        }
      }
      LEADS.forEach((lead, l) => {
        const risk = forecasts[l]![k]!.pStockoutHorizon ?? 0;
        for (const q of THRESHOLDS) {
          const key = `${q}:${lead}`;
          const t = tallies.get(key) ?? { due: 0, caught: 0, flags: 0, idle: 0 };
          const flagged = risk >= q;
          if (stockout !== null && stockout >= lead && stockout < lead + REVIEW_DAYS) {
            t.due++;
            if (flagged) t.caught++;
          }
          if (flagged) {
            t.flags++;
            if (stockout === null || stockout > lead + horizon + REVIEW_DAYS) t.idle++;
          }
          tallies.set(key, t);
        }
      });
    });
  }
  return LEADS.flatMap((lead) =>
    THRESHOLDS.map((q) => {
      const t = tallies.get(`${q}:${lead}`)!;
      return {
        threshold: q,
        lead_days: lead,
        horizon_days: horizon,
        stockouts_due: t.due,
        caught_in_time: t.due ? t.caught / t.due : null,
        flags: t.flags,
        flags_for_nothing: t.flags ? t.idle / t.flags : null,
      };
    }),
  );
}

function main(): number {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      json: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
    },
  });
  if (!values.data) {
    process.stderr.write("usage: npm run alert-timing -- --data <file.csv> [--json] [--seed N]\n");
    return 2;
  }
  const rows = alertTiming(
    readFileSync(values.data, "utf8"),
    values.data,
    Number(values.seed),
    defaultForecastOptions.horizonDays,
  );
  const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);
  if (!values.json) {
    process.stdout.write(
      [
        "| alert at Pr(stockout within lead + horizon) ≥ | lead time | stockouts due | caught in time | flags | flags for nothing |",
        "|---|---:|---:|---:|---:|---:|",
        ...rows.map(
          (r) =>
            `| ${r.threshold} | ${r.lead_days} d | ${r.stockouts_due} | ${pct(r.caught_in_time)} | ${r.flags} | ${pct(r.flags_for_nothing)} |`,
        ),
        "",
      ].join("\n"),
    );
  }
  process.stdout.write(`${JSON.stringify({ alert_timing: rows })}\n`);
  return 0;
}

process.exitCode = main();
