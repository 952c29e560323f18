// Runs the forecast CLI as an operator would, on small generated files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addDays } from "../../domain/forecast/dates.ts";

const dir = mkdtempSync(join(tmpdir(), "forecast-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = join(import.meta.dirname, "forecast-cli.ts");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// 90 days to 2026-03-31 (plus two rows after it, which must be ignored):
// STEADY sells 4 a day with plenty of stock; SOLDOUT sold 6 a day until it ran out 10 days
// ago and has 0 now; IDLE never sells; LATE has its last row two days before the as-of date.
function history(): string {
  const start = "2026-01-01";
  const rows = ["date,sku,units,on_hand_end"];
  for (let i = 0; i < 92; i++) {
    const day = addDays(start, i);
    rows.push(`${day},STEADY,${[3, 4, 5, 4][i % 4]},${1000 - 4 * i}`);
    rows.push(`${day},SOLDOUT,${i < 80 ? 6 : 0},${i < 80 ? 600 - 6 * i : 0}`);
    rows.push(`${day},IDLE,0,25`);
    if (i < 88) rows.push(`${day},LATE,1,${200 - i}`);
  }
  return rows.join("\n") + "\n";
}

// Each case starts Node processes: slow on a busy 2-core CI machine.
describe("npm run forecast", { timeout: 30_000 }, () => {
  const csv = file("history.csv", history());

  it("prints one JSON line per SKU with the documented fields", () => {
    const r = run(["--history", csv, "--as-of", "2026-03-31", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sku)).toEqual(["IDLE", "LATE", "SOLDOUT", "STEADY"]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual([
        "sku",
        "velocity",
        "demand30_mean",
        "demand30_p10",
        "demand30_p90",
        "stockout_p10",
        "stockout_p25",
        "stockout_p50",
        "stockout_p90",
        "reorder_point",
      ]);
    }
    const [idle, late, soldout, steady] = lines;
    expect(steady.velocity).toBeGreaterThan(3.5);
    expect(steady.velocity).toBeLessThan(4.5);
    // 640 left at ~4/day: about 160 days.
    const days = (d: string) => (Date.parse(d) - Date.parse("2026-03-31")) / 86_400_000;
    expect(days(steady.stockout_p50)).toBeGreaterThan(130);
    expect(days(steady.stockout_p50)).toBeLessThan(190);
    expect(steady.demand30_p10).toBeLessThanOrEqual(steady.demand30_mean);
    expect(steady.demand30_p90).toBeGreaterThanOrEqual(steady.demand30_mean);
    // Out of stock now: the stockout is today, and its 10 empty days do not hide its demand.
    expect(soldout.stockout_p50).toBe("2026-03-31");
    expect(soldout.velocity).toBeGreaterThan(5);
    expect(idle).toMatchObject({ velocity: 0, stockout_p50: null, demand30_mean: 0 });
    expect(late.velocity).toBeGreaterThan(0.5);
    expect(r.stderr).toContain("sku LATE has no row on 2026-03-31");
  });

  it("a longer lead time raises the reorder point", () => {
    const point = (lead: string) =>
      JSON.parse(
        run(["--history", csv, "--as-of", "2026-03-31", "--lead-time", lead, "--json"])
          .stdout.split("\n")
          .find((l) => l.includes('"STEADY"'))!,
      ).reorder_point;
    expect(point("30")).toBeGreaterThan(point("5"));
  });

  it("an earlier as-of date ignores the rows after it", () => {
    const r = run(["--history", csv, "--as-of", "2026-02-15", "--json"]);
    const soldout = JSON.parse(r.stdout.split("\n").find((l) => l.includes('"SOLDOUT"'))!);
    expect(soldout.stockout_p50).not.toBe("2026-02-15"); // still in stock then
    expect(soldout.velocity).toBeGreaterThan(5);
  });

  it("prints a readable table without --json", () => {
    const r = run(["--history", csv, "--as-of", "2026-03-31"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stockout P50");
    expect(r.stdout).toMatch(/IDLE .*none within a year/);
  });

  it("names the file, line and problem of a malformed row, and exits non-zero", () => {
    const bad = file(
      "bad.csv",
      "date,sku,units,on_hand_end\n2026-03-30,A,1,5\n2026-03-31,A,two,4\n",
    );
    const r = run(["--history", bad, "--as-of", "2026-03-31", "--json"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${bad}:3: units must be a number, got "two"`);
    expect(r.stdout).toBe("");

    const cases: Array<[string, string]> = [
      ["2026-3-31,A,1,4", ':2: date must be YYYY-MM-DD, got "2026-3-31"'],
      ["2026-03-31,,1,4", ":2: sku is empty"],
      ["2026-03-31,A,1", ":2: expected at least 4 fields, got 3"],
      [
        "2026-03-31,A,1,4\n2026-03-31,A,2,3",
        ":3: second row for sku A on 2026-03-31 (first on line 2)",
      ],
    ];
    for (const [rows, message] of cases) {
      const path = file("case.csv", `date,sku,units,on_hand_end\n${rows}\n`);
      const c = run(["--history", path, "--as-of", "2026-03-31", "--json"]);
      expect(c.code).toBe(1);
      expect(c.stderr).toContain(`${path}${message}`);
    }
    const noColumn = file("nocol.csv", "date,sku,units\n2026-03-31,A,1\n");
    expect(run(["--history", noColumn, "--as-of", "2026-03-31"]).stderr).toContain(
      "missing column(s) on_hand_end",
    );
  });

  it("explains bad arguments", () => {
    expect(run(["--as-of", "2026-03-31"]).code).toBe(2);
    const r = run(["--history", csv, "--as-of", "2026-03-31", "--lead-time", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--lead-time must be a whole number");
    const missing = run(["--history", join(dir, "nope.csv"), "--as-of", "2026-03-31"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
  });
});
