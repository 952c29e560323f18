// npm run bench:forecast [-- --variants N --days D --seed S]
// Forecasts N synthetic variants with D days of history each, in batches of 2,000 like the
// worker, and prints {"bench":"forecast","variants":…,"seconds":…} last: process CPU seconds
// (user + system, process.cpuUsage) spent forecasting only; generating the histories is not
// counted. Target: 100,000 variants × 365 days in ≤ 2 s.
import { parseArgs } from "node:util";
import {
  defaultForecastOptions,
  forecastMany,
  type DemandHistory,
} from "../domain/forecast/index.ts";
import { seededRandom } from "../tools/forecast/random.ts";

const { values } = parseArgs({
  options: {
    variants: { type: "string", default: "100000" },
    days: { type: "string", default: "365" },
    seed: { type: "string", default: "7" },
    batch: { type: "string", default: "2000" },
  },
});
const variants = Number(values.variants);
const days = Number(values.days);
const batchSize = Number(values.batch);
const rnd = seededRandom(Number(values.seed));

function poisson(mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss()));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > limit; p *= rnd()) k++;
  return k;
}
function gauss(): number {
  return Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

// A shop's mix: fast movers, intermittent and lumpy items, slow sellers, dead items and new
// launches, with out-of-stock spells, a weekday pattern and stock from none to months' worth.
const WEEK = [0.6, 1.1, 1.2, 1.1, 1.1, 1.0, 0.9];
const units = new Float64Array(variants * days);
const censored = new Uint8Array(variants * days);
const histories: DemandHistory[] = [];
for (let v = 0; v < variants; v++) {
  const kind = rnd();
  const u = units.subarray(v * days, (v + 1) * days);
  const c = censored.subarray(v * days, (v + 1) * days);
  let firstDay = 0;
  let deadFrom = days;
  let p: number;
  let size: number;
  if (kind < 0.3) {
    p = 1;
    size = 1 + rnd() * 20;
  } else if (kind < 0.7) {
    p = 0.02 + rnd() * 0.3;
    size = 1 + rnd() * 30;
  } else if (kind < 0.9) {
    p = 0.005 + rnd() * 0.05;
    size = 1 + rnd();
  } else {
    p = 0.05 + rnd() * 0.2;
    size = 1 + rnd() * 5;
    if (rnd() < 0.5) deadFrom = Math.floor(days * (0.3 + 0.6 * rnd()));
    else firstDay = Math.floor(days * (0.7 + 0.3 * rnd()));
  }
  let out = 0;
  for (let t = firstDay; t < days; t++) {
    if (out > 0) {
      out--;
      c[t] = 1;
      continue;
    }
    if (rnd() < 0.01) out = Math.floor(rnd() * 20);
    if (t >= deadFrom) continue;
    const w = WEEK[t % 7]!;
    if (p >= 1) u[t] = poisson(size * w);
    else if (rnd() < p * w) u[t] = 1 + poisson(size - 1);
  }
  histories.push({
    asOf: "2026-03-31",
    units: u,
    censored: c,
    firstDay,
    available: Math.floor(rnd() * rnd() * 60 * p * size),
    tracked: rnd() > 0.01,
    price: 5 + rnd() * 50,
  });
}

let checksum = 0;
const start = process.cpuUsage();
for (let i = 0; i < variants; i += batchSize) {
  const out = forecastMany(histories.slice(i, i + batchSize), defaultForecastOptions);
  for (const f of out) checksum += f.velocity;
}
const used = process.cpuUsage(start);
const seconds = (used.user + used.system) / 1e6;

process.stderr.write(`checksum ${checksum.toFixed(3)} (same seed, same checksum)\n`);
process.stdout.write(
  `${JSON.stringify({ bench: "forecast", variants, days, seconds: Math.round(seconds * 1000) / 1000 })}\n`,
);
