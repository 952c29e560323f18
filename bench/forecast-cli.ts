// npm run bench:forecast-cli [-- --skus N --days D --runs R]
// Times `npm run forecast` end to end (process start, reading the CSV, forecasting, printing) on
// a synthetic history of N SKUs × D days in the layout the shared scoring protocol writes
// (`date,sku,units,on_hand_end`, a row per SKU per day). Prints the median wall time of R runs
// and the load average last: {"bench":"forecast-cli","rows":…,"seconds":…,"load_avg_1m":…}.
// Target: 1,368 SKUs × 365 days (≈ 500,000 rows) in ≤ 2 s on a quiet machine.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { addDays } from "../domain/forecast/dates.ts";
import { seededRandom } from "../tools/forecast/random.ts";

const { values } = parseArgs({
  options: {
    skus: { type: "string", default: "1368" },
    days: { type: "string", default: "365" },
    runs: { type: "string", default: "3" },
  },
});
const skus = Number(values.skus);
const days = Number(values.days);
const runs = Number(values.runs);
const rnd = seededRandom(11);
const asOf = "2026-11-30";
const start = addDays(asOf, -(days - 1));
const dates = Array.from({ length: days }, (_, t) => addDays(start, t));

// Lumpy sellers restocked when they run low, so some days are out of stock.
const lines = ["date,sku,units,on_hand_end"];
for (let s = 0; s < skus; s++) {
  const sku = `SKU${String(s).padStart(5, "0")}`;
  const p = 0.05 + rnd() * 0.6;
  const size = 1 + rnd() * 12;
  let stock = Math.round(size * 40 * rnd());
  for (let t = 0; t < days; t++) {
    const wanted = rnd() < p ? Math.ceil(size * -Math.log(rnd() || 1e-9)) : 0;
    const sold = Math.min(wanted, stock);
    stock -= sold;
    if (stock <= 0 && rnd() < 0.2) stock = Math.round(size * 30);
    lines.push(`${dates[t]},${sku},${sold},${stock}`);
  }
}
const dir = mkdtempSync(path.join(tmpdir(), "bench-cli-"));
const file = path.join(dir, "history.csv");
writeFileSync(file, `${lines.join("\n")}\n`);

const root = path.resolve(import.meta.dirname, "..");
const seconds: number[] = [];
try {
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    execFileSync(
      process.execPath,
      [
        path.join(root, "tools/forecast/forecast-cli.ts"),
        "--history",
        file,
        "--as-of",
        asOf,
        "--json",
      ],
      { stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 28 },
    );
    seconds.push((performance.now() - t0) / 1000);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
seconds.sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)]!;
process.stderr.write(`runs: ${seconds.map((s) => s.toFixed(2)).join(" ")} s\n`);
console.log(
  JSON.stringify({
    bench: "forecast-cli",
    rows: lines.length - 1,
    skus,
    days,
    seconds: Number(median.toFixed(3)),
    load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
  }),
);
