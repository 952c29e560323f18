// npm run forecast -- --history <file.csv> --as-of YYYY-MM-DD [--lead-time DAYS] [--json]
// Forecasts every SKU of a stock-and-sales history with the same engine the worker uses (all
// SKUs form one batch, like one shop). See history-reader.ts for the input rules. With --json
// it prints one JSON object per SKU per line; without, a table.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  defaultForecastOptions,
  forecastMany,
  type VariantForecast,
} from "../../domain/forecast/index.ts";
import { readHistories } from "./history-reader.ts";

const USAGE =
  "usage: npm run forecast -- --history <file.csv> --as-of YYYY-MM-DD [--lead-time DAYS] [--json]";

type ForecastLine = {
  sku: string;
  velocity: number;
  demand30_mean: number | null;
  demand30_p10: number | null;
  demand30_p90: number | null;
  stockout_p10: string | null;
  stockout_p25: string | null;
  stockout_p50: string | null;
  stockout_p90: string | null;
  reorder_point: number | null;
};

const round = (x: number | null, digits = 4) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

function line(sku: string, f: VariantForecast): ForecastLine {
  return {
    sku,
    velocity: round(f.velocity)!,
    demand30_mean: round(f.demand30Mean),
    demand30_p10: f.demand30P10,
    demand30_p90: f.demand30P90,
    stockout_p10: f.stockoutP10,
    stockout_p25: f.stockoutP25,
    stockout_p50: f.stockoutP50,
    stockout_p90: f.stockoutP90,
    reorder_point: f.reorderPoint,
  };
}

function table(lines: ForecastLine[]): string {
  const head = [
    "sku",
    "units/day",
    "30-day demand (P10–P90)",
    "stockout P50",
    "range P10–P90",
    "reorder point",
  ];
  const rows = lines.map((l) => [
    l.sku,
    l.velocity.toFixed(2),
    l.demand30_mean === null
      ? "–"
      : `${l.demand30_mean.toFixed(0)} (${l.demand30_p10}–${l.demand30_p90})`,
    l.stockout_p50 ?? "none within a year",
    l.stockout_p10 === null ? "–" : `${l.stockout_p10} – ${l.stockout_p90 ?? "later"}`,
    l.reorder_point === null ? "–" : String(l.reorder_point),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((v, c) => v.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)].join("\n");
}

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        history: { type: "string" },
        "as-of": { type: "string" },
        "lead-time": { type: "string" },
        json: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`forecast: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!values.history || !values["as-of"]) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const leadTime =
    values["lead-time"] === undefined
      ? defaultForecastOptions.leadTimeDays
      : Number(values["lead-time"]);
  if (!Number.isInteger(leadTime) || leadTime < 0 || leadTime > 365) {
    process.stderr.write(
      `forecast: --lead-time must be a whole number of days 0..365, got "${values["lead-time"]}"\n`,
    );
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(values.history, "utf8");
  } catch (e) {
    process.stderr.write(`forecast: cannot read ${values.history}: ${(e as Error).message}\n`);
    return 1;
  }
  const asOf = values["as-of"];
  const skus = readHistories(text, values.history, asOf);
  for (const s of skus) {
    if (s.lastRow !== asOf) {
      process.stderr.write(
        `forecast: sku ${s.sku} has no row on ${asOf}; using its stock of ${s.lastRow}\n`,
      );
    }
  }
  const forecasts = forecastMany(
    skus.map((s) => s.history),
    { ...defaultForecastOptions, leadTimeDays: leadTime },
  );
  const lines = skus.map((s, i) => line(s.sku, forecasts[i]!));
  if (values.json) {
    process.stdout.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  } else {
    process.stdout.write(`Forecast as of ${asOf}, lead time ${leadTime} days\n\n${table(lines)}\n`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`forecast: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
