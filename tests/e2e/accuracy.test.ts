// The Forecast accuracy page in a real browser, on the simulated store's shops as installed:
// populated on day one by the install replay, its figures the stored tallies' (merged by the
// domain code), the 30-day tab, a biggest miss opened on its variant page where past forecasts
// are drawn over what sold. Screenshots land in test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SHOP_A, SHOP_B, startWorld, type World } from "./harness.ts";
import {
  TALLY_FIELDS,
  emptyTally,
  errorSentence,
  figures,
  mergeTallies,
  type Tally,
} from "../../domain/accuracy/index.ts";

let w: World;
let page: Page;

beforeAll(async () => {
  w = await startWorld({ install: [SHOP_A, SHOP_B] });
  page = w.page;
});
afterAll(async () => w?.close());

const shopId = () => w.shops[SHOP_A]!;

function expectNoBrowserErrors() {
  expect(w.errors.splice(0)).toEqual([]);
}

const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// The shop's 7-day tallies of its last four weeks with scores, merged.
async function recentTally(): Promise<{ tally: Tally; weeks: number }> {
  const { rows } = await w.db.pool.query<Record<string, number | string>>(
    `SELECT to_char(week, 'YYYY-MM-DD') AS week, ${TALLY_FIELDS.map((f) => `${column(f)} AS "${f}"`).join(", ")}
     FROM forecast_accuracy_weeks WHERE shop_id = $1 AND horizon = 7 ORDER BY week`,
    [shopId()],
  );
  const weeks = [...new Set(rows.map((r) => String(r.week)))].slice(-4);
  const tally = emptyTally();
  for (const r of rows) {
    if (!weeks.includes(String(r.week))) continue;
    const t: Partial<Tally> = {};
    for (const f of TALLY_FIELDS) t[f] = Number(r[f]);
    mergeTallies(tally, t);
  }
  return { tally, weeks: weeks.length };
}

describe("forecast accuracy", () => {
  it("opens from the navigation, already populated by the install replay", async () => {
    const { tally, weeks } = await recentTally();
    expect(weeks).toBeGreaterThan(0);
    expect(tally.periods).toBeGreaterThan(100);
    await w.open("/app");
    await page.locator("ui-nav-menu a", { hasText: "Forecast accuracy" }).click();
    await page.waitForURL(/\/app\/accuracy/);
    await page.getByRole("heading", { name: "Forecast accuracy", level: 1 }).waitFor();
    // The headline is the domain's sentence over the stored tallies: what the merchant reads.
    const headline = errorSentence(figures(tally), 7);
    await page.getByRole("heading", { name: headline }).waitFor();
    expect(headline).toMatch(/off by \d+% of what sold, vs \d+% for the simple average/);
    for (const label of [
      "Off by (share of units sold)",
      "Typical miss per variant",
      "Overall, our forecast was",
      "Sales inside our likely range",
    ])
      await expect(page.getByText(label, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(
      page.getByText(/Includes [\d,]+ forecasts replayed over \d+ past weeks/).isVisible(),
    ).resolves.toBe(true);
    // One row per week with scores, and the trend chart drawn with both lines.
    const weekRows = page
      .locator("text=Forecasts made in the week of")
      .locator("xpath=ancestor::table[1]//tbody/tr");
    const { rows: stored } = await w.db.pool.query(
      `SELECT DISTINCT week FROM forecast_accuracy_weeks WHERE shop_id = $1 AND horizon = 7`,
      [shopId()],
    );
    await expect.poll(() => weekRows.count()).toBe(stored.length);
    await page.locator("[data-testid=accuracy-trend] .recharts-line").first().waitFor();
    expect(await page.locator("[data-testid=accuracy-trend] .recharts-line").count()).toBe(2);
    // Demand patterns in words, and the biggest misses linking to their variants.
    await expect(page.getByText("By how a variant sells").isVisible()).resolves.toBe(true);
    expect(
      await page.locator("table", { hasText: "Demand pattern" }).locator("tbody tr").count(),
    ).toBeGreaterThan(0);
    const misses = page.locator("tbody tr.Polaris-IndexTable__TableRow");
    expect(await misses.count()).toBeGreaterThan(0);
    expect(await misses.count()).toBeLessThanOrEqual(10);
    expect(await w.cls()).toBeLessThan(0.1);
    await w.shot("10-accuracy");
    expectNoBrowserErrors();
  });

  it("switches to the 30-day forecasts and back", async () => {
    await page.getByRole("tab", { name: "Next 30 days" }).click();
    await page.waitForURL((u) => u.searchParams.get("horizon") === "30");
    await page.waitForLoadState("networkidle");
    const { rows } = await w.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM forecast_accuracy_weeks WHERE shop_id = $1 AND horizon = 30 AND periods > 0`,
      [shopId()],
    );
    // The demo's 60 days of history may not hold a whole month after a replay origin yet.
    if (rows[0]!.n === 0) await page.getByText("No forecast has been scored yet").waitFor();
    else await page.getByText("Stockout date within a week", { exact: true }).waitFor();
    await w.shot("10b-accuracy-30-days");
    await page.getByRole("tab", { name: "Next 7 days" }).click();
    await page.waitForURL((u) => !u.searchParams.has("horizon"));
    await page.getByText("Biggest misses").waitFor();
    expectNoBrowserErrors();
  });

  it("opens a biggest miss on its variant page, which draws past forecasts over what sold", async () => {
    const first = page.locator("tbody tr.Polaris-IndexTable__TableRow").first();
    const sold = (await first.locator("td").last().textContent())!.trim();
    await first.locator("a").first().click();
    await page.waitForURL(/\/app\/variants\/\d+/);
    const variantId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByText("Past forecasts against what sold (next 7 days)").waitFor();
    const chart = page.locator("[data-testid=past-forecasts]");
    await chart.locator(".recharts-line").first().waitFor();
    // Our forecast and the simple average as lines, the likely range as a band, sales as bars:
    // one bar per kept forecast whose week has passed.
    expect(await chart.locator(".recharts-line").count()).toBe(2);
    expect(await chart.locator(".recharts-area").count()).toBe(1);
    const { rows } = await w.db.pool.query<{ kept: number; scored: number; sold: number }>(
      `SELECT count(*)::int AS kept, count(sold7)::int AS scored, max(sold7)::int AS sold
       FROM forecast_snapshots WHERE shop_id = $1 AND variant_id = $2`,
      [shopId(), variantId],
    );
    expect(rows[0]!.scored).toBeGreaterThan(0);
    await expect.poll(() => chart.locator(".recharts-bar-rectangle").count()).toBe(rows[0]!.scored);
    expect(Number(sold.split(" ")[0]!.replace(/,/g, ""))).toBeLessThanOrEqual(rows[0]!.sold);
    expect(await w.cls()).toBeLessThan(0.1);
    await w.shot("11-variant-past-forecasts");
    expectNoBrowserErrors();
  });

  it("shows shop B its own accuracy, not shop A's", async () => {
    await w.db.pool.query(
      `UPDATE products SET title = 'SHOP-A-ONLY ' || title WHERE shop_id = $1`,
      [shopId()],
    );
    await w.open("/app/accuracy", SHOP_B);
    await page.getByRole("heading", { name: "Forecast accuracy", level: 1 }).waitFor();
    await page.getByText("Biggest misses").waitFor();
    expect(await page.content()).not.toContain("SHOP-A-ONLY");
    await w.open("/app/accuracy", SHOP_A);
    await page.getByText("Biggest misses").waitFor();
    expect(await page.content()).toContain("SHOP-A-ONLY");
    expectNoBrowserErrors();
  });
});
