// npm run -s carparts:daily -- [--seed N] > carparts_daily.csv
// Writes the carparts data (monthly, spread over days as the backtest does, see carparts.ts) as a
// daily demand file in the Online Retail layout (`date,sku,units,revenue`, a row per selling
// day), so the shared scoring protocol (../shared/eval/forecast_eval.mjs --data <file>) can
// score the forecast on it too. Revenue is not in the data: 0.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { dayAt } from "./demand-data.ts";
import { parseCarparts } from "./carparts.ts";

const DEFAULT_FILE = path.resolve(
  import.meta.dirname,
  "../../../shared/data/carparts/carparts.csv",
);

const { values } = parseArgs({
  options: {
    data: { type: "string", default: DEFAULT_FILE },
    seed: { type: "string", default: "1" },
  },
});
const data = parseCarparts(readFileSync(values.data, "utf8"), values.data, Number(values.seed));
const out: string[] = ["date,sku,units,revenue"];
for (let i = 0; i < data.skus.length; i++) {
  const series = data.demand[i]!;
  for (let t = 0; t < series.length; t++) {
    if (series[t]! > 0) out.push(`${dayAt(data, t)},${data.skus[i]},${series[t]},0`);
  }
}
process.stdout.write(`${out.join("\n")}\n`);
