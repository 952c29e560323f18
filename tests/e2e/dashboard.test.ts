// The dashboard in a real browser, through the simulated admin: every page opened, the at-risk
// table sorted, filtered, paged, bulk-edited and exported, validation errors shown inline, a
// Discord channel added and tested against the fake Discord, live sales turned into alerts and
// deliveries, alerts acknowledged. Screenshots land in test-results/screenshots/.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SHOP_A, SHOP_B, startWorld, type World } from "./harness.ts";
import { sendWebhook } from "../support/webhooks.ts";

let w: World;
let page: Page;
const DISCORD_URL = `https://discord.com/api/webhooks/123456789012345678/${"T".repeat(30)}${"k".repeat(38)}`;

beforeAll(async () => {
  // Shop A is installed by opening the app in the browser (the first test); B beforehand.
  w = await startWorld({ install: [SHOP_B] });
  page = w.page;
});
afterAll(async () => w?.close());

const shopId = () => w.shops[SHOP_A]!;

// Browser errors other than the CDN being unreachable fail the page that produced them.
function expectNoBrowserErrors() {
  const errors = w.errors.splice(0);
  expect(errors).toEqual([]);
}

async function expectStable() {
  expect(await w.cls()).toBeLessThan(0.1);
}

async function cellTexts(column: number): Promise<string[]> {
  return page
    .locator("tbody tr.Polaris-IndexTable__TableRow")
    .evaluateAll(
      (rows, c) => rows.map((r) => r.querySelectorAll("td")[c]?.textContent?.trim() ?? ""),
      column,
    );
}

// Bulk edits mark variants for a recompute: wait for the worker before comparing two reads.
async function forecastsSettled() {
  await expect
    .poll(
      async () =>
        (
          await w.db.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM forecast_dirty WHERE shop_id = $1`,
            [shopId()],
          )
        ).rows[0]!.n,
      { timeout: 30_000, interval: 250 },
    )
    .toBe(0);
  await page.waitForTimeout(500);
}

const POLL = { timeout: 15_000, interval: 200 };

const num = (s: string) => Number(s.replace(/[^0-9.-]/g, ""));

describe("install", () => {
  it("installs on the first open and shows the backfill's progress until it is done", async () => {
    try {
      await w.open("/app");
      await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
      await page.getByText("Importing your store's history").waitFor({ timeout: 20_000 });
      await w.shot("00-overview-backfill");
    } finally {
      await w.ready(SHOP_A);
    }
    // The page reloads its data while the import runs: the banner goes away by itself.
    await page
      .getByText("Importing your store's history")
      .waitFor({ state: "detached", timeout: 30_000 });
    expectNoBrowserErrors();
  });
});

describe("overview", () => {
  it("shows the shop's numbers, top items, recent alerts and channel health", async () => {
    await w.open("/app");
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    for (const label of ["Variants tracked", "At risk", "Out of stock now", "Revenue at risk"])
      await expect(page.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
    const tracked = await page
      .locator("text=Variants tracked >> xpath=following-sibling::*[1]")
      .textContent();
    expect(num(tracked ?? "0")).toBeGreaterThanOrEqual(500);
    expect(await page.locator("tbody tr").count()).toBe(5);
    await expect(page.getByText("Recent alerts").isVisible()).resolves.toBe(true);
    await expectStable();
    await w.shot("01-overview");
    expectNoBrowserErrors();
  });
});

describe("inventory at risk", () => {
  it("opens from the navigation with a page of at-risk variants", async () => {
    if (!page.url().includes("/app")) await w.open("/app");
    await page.locator("ui-nav-menu a", { hasText: "Inventory at risk" }).click();
    await page.waitForURL(/\/app\/inventory/);
    await page.getByRole("heading", { name: "Inventory at risk", level: 1 }).waitFor();
    expect(await page.locator("tbody tr.Polaris-IndexTable__TableRow").count()).toBe(50);
    await expect(page.getByText(/1–50 of \d+/).isVisible()).resolves.toBe(true);
    // Default order: revenue at risk, highest first.
    const revenue = (await cellTexts(6)).map(num);
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
    await w.shot("02-inventory");
    expectNoBrowserErrors();
  });

  it("sorts on the server by a column header, both ways", async () => {
    const sorted = (column: number, dir: 1 | -1) => async () => {
      const v = (await cellTexts(column)).map(num);
      return v.length === 50 && v.every((x, i) => i === 0 || (x - v[i - 1]!) * dir >= 0);
    };
    await page.locator("th button", { hasText: "Units / day" }).click();
    await page.waitForURL((u) => u.searchParams.get("sort") === "velocity");
    await expect.poll(sorted(4, -1), POLL).toBe(true);
    const fastest = num((await cellTexts(4))[0]!);
    await page.locator("th button", { hasText: "Units / day" }).click();
    await page.waitForURL((u) => u.searchParams.get("dir") === "asc");
    await expect.poll(sorted(4, 1), POLL).toBe(true);
    expect(num((await cellTexts(4))[0]!)).toBeLessThanOrEqual(fastest);
    await page.locator("th button", { hasText: "Stock" }).click();
    await page.waitForURL((u) => u.searchParams.get("sort") === "stock");
    await expect.poll(sorted(3, 1), POLL).toBe(true);
    // The order comes from SQL over the whole view, not from sorting one page in the browser.
    const { rows } = await w.db.pool.query<{ min: number }>(
      `SELECT min(available)::int AS min FROM forecasts WHERE shop_id = $1 AND tracked`,
      [shopId()],
    );
    expect(num((await cellTexts(3))[0]!)).toBe(rows[0]!.min);
  });

  it("pages through the whole view", async () => {
    const label = await page.getByText(/1–50 of \d+/).textContent();
    const total = num(label!.split("of")[1]!);
    await page.getByRole("button", { name: "Next" }).click();
    await page.waitForURL((u) => u.searchParams.get("page") === "2");
    await page.getByText(new RegExp(`51–${Math.min(100, total)} of`)).waitFor();
    await page.getByRole("button", { name: "Previous" }).click();
    await page.waitForURL((u) => !u.searchParams.has("page"));
  });

  it("filters by severity, vendor and a title or SKU search", async () => {
    await page.getByRole("button", { name: "Search and filter results" }).click();
    await page.getByRole("button", { name: "Severity" }).click();
    await page.getByLabel("Critical").click();
    await page.waitForURL((u) => u.searchParams.get("severity") === "critical");
    await page.waitForLoadState("networkidle");
    await expect
      .poll(async () => {
        const severities = await cellTexts(2);
        return severities.length > 0 && severities.every((t) => t.startsWith("Critical"));
      }, POLL)
      .toBe(true);
    await page.getByRole("heading", { name: "Inventory at risk", level: 1 }).click();

    // Search by the SKU of the first row: that row comes back.
    const ids = await page
      .locator("tbody tr.Polaris-IndexTable__TableRow")
      .evaluateAll((rows) => rows.map((r) => r.id));
    const { rows: skuRows } = await w.db.pool.query<{ sku: string }>(
      `SELECT sku FROM variants WHERE shop_id = $1 AND id = ANY($2::bigint[]) AND sku <> '' LIMIT 1`,
      [shopId(), ids],
    );
    const query = skuRows[0]!.sku;
    await page.getByPlaceholder("Search by title or SKU").fill(query);
    await page.waitForURL((u) => u.searchParams.get("q") === query);
    await expect
      .poll(async () => {
        const rows = await page.locator("tbody tr.Polaris-IndexTable__TableRow").allTextContents();
        return rows.length > 0 && rows.every((r) => r.includes(query));
      }, POLL)
      .toBe(true);
    await w.shot("03-inventory-filtered");

    // A vendor with no critical match shows the empty state, not an error.
    await page.getByPlaceholder("Search by title or SKU").fill("no such product anywhere");
    await page.waitForURL((u) => u.searchParams.get("q") === "no such product anywhere");
    await page.getByText("No variant matches these filters").waitFor();
    await w.shot("03b-inventory-empty");
    await page.getByRole("button", { name: "Clear all" }).click();
    await page.waitForURL((u) => !u.searchParams.has("q") && !u.searchParams.has("severity"));
    await page
      .getByRole("button", { name: "Cancel" })
      .click()
      .catch(() => {});
    expectNoBrowserErrors();
  });

  it("filters by location and vendor from the URL the filters write", async () => {
    const { rows: loc } = await w.db.pool.query<{ id: string }>(
      `SELECT id FROM locations WHERE shop_id = $1 ORDER BY name LIMIT 1`,
      [shopId()],
    );
    const { rows: vendor } = await w.db.pool.query<{ vendor: string }>(
      `SELECT vendor FROM products WHERE shop_id = $1 GROUP BY vendor ORDER BY count(*) DESC LIMIT 1`,
      [shopId()],
    );
    await w.open(
      `/app/inventory?location=${loc[0]!.id}&vendor=${encodeURIComponent(vendor[0]!.vendor)}`,
    );
    const rows = await page.locator("tbody tr.Polaris-IndexTable__TableRow").allTextContents();
    for (const r of rows) expect(r).toContain(vendor[0]!.vendor);
    for (const s of await cellTexts(3)) expect(s).toMatch(/here/);
    await page.getByRole("button", { name: "Search and filter results" }).click();
    await page.getByText(`Vendor: ${vendor[0]!.vendor}`).waitFor();
    await w.shot("03c-inventory-location-vendor");
  });

  it("snoozes and sets a lead time in bulk, refusing an invalid lead time", async () => {
    await w.open("/app/inventory");
    const ids = await page
      .locator("tbody tr.Polaris-IndexTable__TableRow")
      .evaluateAll((rows) => rows.slice(0, 2).map((r) => r.id));
    const boxes = page.locator("tbody tr.Polaris-IndexTable__TableRow input[type=checkbox]");
    await boxes.nth(0).check({ force: true });
    await boxes.nth(1).check({ force: true });
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByRole("dialog").getByLabel("Snooze for").selectOption("7");
    await page.getByRole("dialog").getByRole("button", { name: "Snooze" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page
      .locator("tbody")
      .getByText(/Snoozed until/)
      .first()
      .waitFor();
    const snoozed = await w.db.pool.query(
      `SELECT variant_id FROM variant_overrides WHERE shop_id = $1 AND snoozed_until > now() + interval '6 days'`,
      [shopId()],
    );
    expect(snoozed.rows.map((r) => r.variant_id).sort()).toEqual([...ids].sort());

    await boxes.nth(0).check({ force: true });
    await page.getByRole("button", { name: "Set lead time" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Supplier lead time").fill("999");
    await dialog.getByRole("button", { name: "Set lead time" }).click();
    await dialog.getByText("Lead time must be between 0 and 365 days").waitFor();
    await w.shot("04-inventory-bulk-validation");
    await dialog.getByLabel("Supplier lead time").fill("21");
    await dialog.getByRole("button", { name: "Set lead time" }).click();
    await dialog.waitFor({ state: "detached" });
    const lead = await w.db.pool.query(
      `SELECT lead_time_days FROM variant_overrides WHERE shop_id = $1 AND variant_id = $2`,
      [shopId(), ids[0]],
    );
    expect(lead.rows[0]?.lead_time_days).toBe(21);
    expectNoBrowserErrors();
  });

  it("exports the current view as CSV, every page, same filters", async () => {
    await forecastsSettled();
    await w.open("/app/inventory?severity=critical,warning&sort=days");
    const label = await page
      .getByText(/of \d+/)
      .first()
      .textContent();
    const total = num(label!.split("of")[1]!);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export this view as CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^inventory-at-risk-demo-gear-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toMatch(
      /^variant_id,product,variant,sku,vendor,product_type,severity,available/,
    );
    expect(csv.length - 1).toBe(total);
    const severityCol = csv[0]!.split(",").indexOf("severity");
    for (const line of csv.slice(1))
      expect(["critical", "warning"]).toContain(line.split(",")[severityCol]);
    const firstRow = await page
      .locator("tbody tr.Polaris-IndexTable__TableRow")
      .first()
      .getAttribute("id");
    expect(csv[1]!.startsWith(`${firstRow},`)).toBe(true);
    expectNoBrowserErrors();
  });
});

describe("variant detail", () => {
  it("charts 90 days of sales and stock with the forecast band ahead", async () => {
    // A variant still in stock with a stockout ahead: the chart shows history, band and range.
    await w.open("/app/inventory?severity=warning&sort=days");
    await page.locator("tbody tr.Polaris-IndexTable__TableRow a").first().click();
    await page.waitForURL(/\/app\/variants\/\d+/);
    await page
      .locator("[data-testid=variant-chart] svg.recharts-surface[role=application]")
      .waitFor();
    // (The page's second chart, past forecasts, is tests/e2e/accuracy.test.ts's.)
    const chart = page.locator("[data-testid=variant-chart]");
    await expect(chart.locator(".recharts-bar-rectangle").count()).resolves.toBeGreaterThan(0);
    await expect(chart.locator(".recharts-area-area").count()).resolves.toBe(1);
    for (const text of [
      "When it runs out",
      "What to reorder",
      "Inputs behind the forecast",
      "Lead time",
      "Service level",
      "Alert history",
    ])
      await expect(page.getByText(text, { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.waitForTimeout(300);
    await w.shot("05-variant");
    expectNoBrowserErrors();
  });

  it("keeps the chart's space while it loads (no layout shift on a direct load)", async () => {
    const url = new URL(page.url());
    await w.open(url.pathname);
    await page
      .locator("[data-testid=variant-chart] svg.recharts-surface[role=application]")
      .waitFor();
    await expectStable();
  });

  it("validates overrides inline and saves valid ones", async () => {
    const variantId = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByLabel("Lead time").fill("400");
    await page.getByLabel("Pack size").fill("0");
    await page.getByRole("button", { name: "Save overrides" }).click();
    await page.getByText("Lead time must be between 0 and 365 days").waitFor();
    await page.getByText("Pack size must be between 1 and 100000 units").waitFor();
    await w.shot("06-variant-validation");
    await page.getByLabel("Lead time").fill("10");
    await page.getByLabel("Pack size").fill("6");
    await page.getByRole("button", { name: "Save overrides" }).click();
    await page.getByText("Lead time must be between 0 and 365 days").waitFor({ state: "detached" });
    await page.getByText("10 days (from this variant)").waitFor();
    const { rows } = await w.db.pool.query(
      `SELECT lead_time_days, pack_size FROM variant_overrides WHERE shop_id = $1 AND variant_id = $2`,
      [shopId(), variantId],
    );
    expect(rows[0]).toEqual({ lead_time_days: 10, pack_size: 6 });
    expectNoBrowserErrors();
  });
});

describe("settings", () => {
  it("shows every alert setting, the time zone, and inline validation errors", async () => {
    await page.locator("ui-nav-menu a", { hasText: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await expect(page.getByText("America/New_York").isVisible()).resolves.toBe(true);
    await page.getByLabel("Low-stock threshold").fill("-3");
    await page.getByLabel("Service level").fill("2");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Low-stock threshold must be between 0 and 100000 units").waitFor();
    await page.getByText("Service level must be between 0.5 and 0.999").waitFor();
    await page.getByText("2 fields need attention").waitFor();
    await w.shot("07-settings-validation");
    await page.getByLabel("Low-stock threshold").fill("4");
    await page.getByLabel("Service level").fill("0.97");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("2 fields need attention").waitFor({ state: "detached" });
    const { rows } = await w.db.pool.query(
      `SELECT settings FROM shop_settings WHERE shop_id = $1`,
      [shopId()],
    );
    expect(rows[0]?.settings).toMatchObject({ lowStockThreshold: 4, serviceLevel: 0.97 });
    expectNoBrowserErrors();
  });

  it("adds a Discord channel (refusing a wrong URL) and sends a test alert with the live result", async () => {
    await page.getByRole("button", { name: "Add channel" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Ops Discord");
    await dialog.getByLabel("Discord webhook URL").fill("https://example.com/hook");
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await dialog.getByText(/Paste the webhook URL from Discord/).waitFor();
    await dialog.getByLabel("Discord webhook URL").fill(DISCORD_URL);
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: "Ops Discord" }).waitFor();
    // The secret never comes back to the browser: only its masked hint.
    const html = await page.content();
    expect(html).not.toContain("T".repeat(30));
    expect(html).not.toContain("123456789012345678/");

    const before = w.discord.requests.length;
    await page.getByRole("button", { name: "Send a test alert to Ops Discord" }).click();
    await page.getByText(/Test alert delivered/).waitFor({ timeout: 30_000 });
    expect(w.discord.requests.length).toBeGreaterThan(before);
    const sent = w.discord.requests.at(-1)!;
    expect(sent.path).toBe(
      "/api/v10/webhooks/123456789012345678/" + "T".repeat(30) + "k".repeat(38),
    );
    expect(JSON.stringify(sent.json)).toMatch(/test/i);
    await w.shot("08-settings-channel-tested");

    // Editing with the URL left empty keeps the stored secret.
    await page.getByRole("button", { name: "Edit Ops Discord" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Ops alerts");
    await page.getByRole("dialog").getByRole("button", { name: "Save channel" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Send a test alert to Ops alerts" }).click();
    await page.getByText(/Test alert delivered/).waitFor({ timeout: 30_000 });
    expectNoBrowserErrors();
  });
});

describe("alerts", () => {
  it("shows live alerts with their delivery per channel, and acknowledges them", async () => {
    // Trade for a while in the simulated store: its webhooks reach the intake, the worker applies
    // them, recomputes, opens or escalates episodes and delivers to the Discord channel.
    const { rows: ch } = await w.db.pool.query<{ id: number }>(
      `SELECT id FROM channels WHERE shop_id = $1`,
      [shopId()],
    );
    for (let i = 0; i < 12; i++) {
      w.fake.live(SHOP_A).tick(12 * 3_600_000);
      const { rows } = await w.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alert_notifications WHERE shop_id = $1 AND channel_id = $2`,
        [shopId(), ch[0]!.id],
      );
      if (rows[0]!.n >= 2) break;
      await page.waitForTimeout(2_500);
    }
    await expect
      .poll(
        async () =>
          (
            await w.db.pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM delivery_attempts WHERE shop_id = $1 AND notification_id IS NOT NULL`,
              [shopId()],
            )
          ).rows[0]!.n,
        { timeout: 40_000, interval: 500 },
      )
      .toBeGreaterThan(0);

    await page.locator("ui-nav-menu a", { hasText: "Alerts" }).click();
    await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
    // Newest episodes first; their notifications may still be on their way: look again.
    await expect
      .poll(
        async () => {
          await page.getByRole("tab", { name: "All" }).click();
          await page.getByRole("tab", { name: "Open" }).click();
          await page.waitForLoadState("networkidle");
          return page.getByText("Ops alerts ·").count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    await w.shot("09-alerts");

    const first = page.locator("tbody tr.Polaris-IndexTable__TableRow").first();
    const id = await first.getAttribute("id");
    await first.locator("input[type=checkbox]").check({ force: true });
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator(`tbody tr[id="${id}"]`).getByText("Acknowledged").waitFor();
    const { rows } = await w.db.pool.query(
      `SELECT acknowledged_at FROM alert_episodes WHERE shop_id = $1 AND id = $2`,
      [shopId(), id],
    );
    expect(rows[0]?.acknowledged_at).toBeInstanceOf(Date);

    await page.getByRole("tab", { name: "All" }).click();
    await page.waitForURL((u) => u.searchParams.get("state") === "all");
    await page
      .getByRole("combobox", { name: "Kind" })
      .selectOption("low_stock")
      .catch(async () => {
        await page.getByLabel("Kind").selectOption("low_stock");
      });
    await page.waitForURL((u) => u.searchParams.get("kind") === "low_stock");
    await expect
      .poll(async () => {
        const kinds = await cellTexts(2);
        return kinds.length > 0 && kinds.every((t) => t.includes("Low stock"));
      }, POLL)
      .toBe(true);
    expectNoBrowserErrors();
  });
});

describe("events", () => {
  it("shows the webhook audit trail: per topic and day, failures, rejected deliveries", async () => {
    const bad = await sendWebhook(w.stack.webUrl, "orders/create", null, {
      shop: SHOP_A,
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    await page.locator("ui-nav-menu a", { hasText: "Events" }).click();
    await page.getByRole("heading", { name: "Events", level: 1 }).waitFor();
    await page.getByText("orders/create").first().waitFor();
    await page.getByText("Rejected deliveries").waitFor();
    const { rows } = await w.db.pool.query<{ reason: string }>(
      `SELECT reason FROM rejected_webhooks WHERE shop = $1 ORDER BY id DESC LIMIT 1`,
      [SHOP_A],
    );
    await page.getByText(rows[0]!.reason, { exact: true }).first().waitFor();
    const { rows: topics } = await w.db.pool.query<{ topic: string }>(
      `SELECT DISTINCT topic FROM webhook_events WHERE shop = $1`,
      [SHOP_A],
    );
    expect(topics.length).toBeGreaterThan(0);
    const html = await page.content();
    for (const t of topics) expect(html).toContain(t.topic);
    await w.shot("10-events");
    expectNoBrowserErrors();
  });
});

describe("every page", () => {
  it("loads without layout shift and without browser errors", async () => {
    const { rows } = await w.db.pool.query<{ id: string }>(
      `SELECT variant_id AS id FROM forecasts WHERE shop_id = $1 ORDER BY revenue_at_risk DESC LIMIT 1`,
      [shopId()],
    );
    for (const p of [
      "/app",
      "/app/inventory",
      `/app/variants/${rows[0]!.id}`,
      "/app/accuracy",
      "/app/accuracy?horizon=30",
      "/app/alerts",
      "/app/settings",
      "/app/events",
    ]) {
      await w.open(p);
      await page.waitForTimeout(500);
      expect({ page: p, cls: await w.cls() }).toEqual({ page: p, cls: expect.any(Number) });
      expect(await w.cls(), p).toBeLessThan(0.1);
    }
    expectNoBrowserErrors();
  });
});

describe("keyboard", () => {
  it("reaches the navigation and a table row link with the keyboard alone", async () => {
    await w.open("/app");
    await page.keyboard.press("Tab");
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      reached = await page.evaluate(
        () =>
          document.activeElement?.textContent?.trim() === "Inventory at risk" &&
          document.activeElement.tagName === "A",
      );
      if (!reached) await page.keyboard.press("Tab");
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/app\/inventory/);
    await page.getByRole("heading", { name: "Inventory at risk", level: 1 }).waitFor();
  });
});
