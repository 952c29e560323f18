// The backtest end to end on a small synthetic shop, through the CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../domain/forecast/dates.ts";
import { finishData } from "./demand-data.ts";
import { DEFAULT_BACKTEST, originsOf } from "./backtest-run.ts";
import { seededRandom } from "./random.ts";

const dir = mkdtempSync(join(tmpdir(), "backtest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Starts Node processes and runs a backtest: slow on a busy 2-core CI machine.
describe("backtest", { timeout: 60_000 }, () => {
  it("tuning origins are earlier and their outcomes end before the first scored origin", () => {
    const days = 400;
    const data = finishData(
      "x",
      "2026-01-01",
      days,
      ["A"],
      [new Float64Array(days).fill(1)],
      new Float64Array(1),
    );
    const { evaluation, tuning } = originsOf(data);
    expect(evaluation).toHaveLength(26);
    expect(evaluation.at(-1)).toBe(days - 1 - 30);
    expect(tuning.length).toBeGreaterThan(0);
    expect(tuning.at(-1)! + DEFAULT_BACKTEST.window).toBeLessThanOrEqual(evaluation[0]!);
  });

  it("prints the three methods' figures as the last JSON line", () => {
    // 60 SKUs, 330 days of steady-ish demand.
    const rnd = seededRandom(11);
    const rows = ["date,sku,units,revenue"];
    for (let v = 0; v < 60; v++) {
      const rate = 0.3 + 4 * rnd();
      for (let t = 0; t < 330; t++) {
        const u = Math.floor(rate * 2 * rnd() + (rnd() < 0.5 ? 0 : 1));
        if (u > 0) rows.push(`${addDays("2025-01-01", t)},S${v},${u},${u * 2}`);
      }
    }
    const csv = join(dir, "demand.csv");
    writeFileSync(csv, rows.join("\n"));
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, "backtest.ts"), "--data", csv, "--json", "--no-tune"],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(0);
    const last = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(Object.keys(last)).toEqual(["methods"]);
    for (const m of ["seed", "oos_avg", "ours"]) {
      const f = last.methods[m];
      for (const k of [
        "hit3",
        "hit7",
        "rmsse",
        "mase",
        "bias",
        "pinball_p10",
        "pinball_p50",
        "pinball_p90",
        "coverage80",
      ]) {
        expect(typeof f[k]).toBe("number");
      }
      expect(f.hit3).toBeLessThanOrEqual(f.hit7);
      expect(Object.keys(f.by_class).length).toBeGreaterThan(0);
    }
    // Out-of-stock days hide demand from the seed; the engine does not count them as zero.
    expect(Math.abs(1 - last.methods.ours.bias)).toBeLessThan(Math.abs(1 - last.methods.seed.bias));
    expect(last.methods.seed.coverage80).toBeLessThan(0.3); // a point forecast has no range
    expect(last.methods.ours.coverage80).toBeGreaterThan(0.6);
  });

  it("a malformed data file is reported with its line", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "date,sku,units\n2026-01-01,A,x\n");
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, "backtest.ts"), "--data", bad],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:2: units must be a number ≥ 0`);
  });
});
