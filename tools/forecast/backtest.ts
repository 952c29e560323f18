// npm run backtest -- --data <daily_demand.csv | carparts.csv> [--json] [--seed N] [--no-tune]
//   [--score tuning]
// Rolling-origin backtest of the seed formula, the in-stock 30-day average and our engine on a
// simulated shop replaying real demand (see docs/forecasting/backtest.md for every rule).
// With --json the last line is {"methods":{…}}; the line before it describes the run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_PARAMETERS } from "../../domain/forecast/parameters.ts";
import { parseCarparts, isCarpartsHeader } from "./carparts.ts";
import { CsvError } from "./csv.ts";
import { dayAt, parseDailyDemand } from "./demand-data.ts";
import { parametersMarkdown, toJson, toMarkdown } from "./backtest-report.ts";
import {
  DEFAULT_BACKTEST,
  METHODS,
  ORACLE,
  originBatch,
  originsOf,
  scoreMethods,
  simulateShop,
  type BacktestSettings,
} from "./backtest-run.ts";
import { tuneParameters } from "./tune.ts";

function main(): number {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      json: { type: "boolean", default: false },
      seed: { type: "string", default: String(DEFAULT_BACKTEST.simulation.seed) },
      "no-tune": { type: "boolean", default: false },
      score: { type: "string", default: "evaluation" },
    },
  });
  if (!values.data) {
    process.stderr.write(
      "usage: npm run backtest -- --data <file.csv> [--json] [--seed N] [--no-tune]\n",
    );
    return 2;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  if (values.score !== "evaluation" && values.score !== "tuning") {
    throw new Error(`--score must be evaluation or tuning, got ${values.score}`);
  }
  const settings: BacktestSettings = {
    ...DEFAULT_BACKTEST,
    simulation: { ...DEFAULT_BACKTEST.simulation, seed },
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const text = readFileSync(values.data, "utf8");
  const carparts = isCarpartsHeader(text.slice(0, text.indexOf("\n")));
  const data = carparts
    ? parseCarparts(text, values.data, seed)
    : parseDailyDemand(text, values.data);
  const shop = simulateShop(data, settings);
  const { evaluation, tuning } = originsOf(data, settings);
  if (evaluation.length === 0) throw new Error("the data is too short for a single scored origin");
  log(
    `${data.skus.length} SKUs, ${dayAt(data, 0)}..${dayAt(data, data.days - 1)}; ` +
      `${tuning.length} tuning origins ${dayAt(data, tuning[0] ?? 0)}..${dayAt(data, tuning.at(-1) ?? 0)}; ` +
      `${evaluation.length} scored origins ${dayAt(data, evaluation[0]!)}..${dayAt(data, evaluation.at(-1)!)}`,
  );

  const tuningBatches = tuning.map((o) => originBatch(shop, o, settings));
  const parameters =
    values["no-tune"] || tuningBatches.length === 0
      ? DEFAULT_PARAMETERS
      : tuneParameters(tuningBatches, settings.window, log);
  const scored = values.score === "tuning" ? tuning : evaluation;
  const batches =
    values.score === "tuning" ? tuningBatches : scored.map((o) => originBatch(shop, o, settings));
  const scores = scoreMethods(batches, settings.window, parameters, [...METHODS, ORACLE]);

  if (values.json) {
    const meta = {
      data: values.data,
      format: carparts ? "carparts (monthly, spread over days)" : "daily demand",
      skus: data.skus.length,
      seed,
      scored: values.score,
      origins: scored.map((o) => dayAt(data, o)),
      tuning_origins: tuning.map((o) => dayAt(data, o)),
      parameters,
    };
    process.stdout.write(`${JSON.stringify({ meta })}\n${JSON.stringify(toJson(scores))}\n`);
  } else {
    process.stdout.write(
      [
        `Backtest of ${values.data} (${data.skus.length} SKUs, seed ${seed})`,
        `Scored origins (${values.score}): ${scored.length}, ${dayAt(data, scored[0]!)} .. ${dayAt(data, scored.at(-1)!)}, every ${settings.stepDays} days; window ${settings.window} days`,
        "",
        "Engine parameters used:",
        "",
        parametersMarkdown(parameters),
        "",
        toMarkdown(scores, true),
        "",
        `${ORACLE} is not a method: it knows each SKU's true demand over the next ${settings.window} days (not when within them) and dates the stockout like the seed. Its demand figures are trivially perfect; its hit rates show how much of the date error is not knowing the volume.`,
        "",
      ].join("\n"),
    );
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(
    `backtest: ${e instanceof CsvError || e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 1;
}
