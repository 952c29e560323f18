// Stock on its way, suppliers, the reorder planner and the Stocky import in a real browser, on
// the simulated store's demo shop as installed (its orders in flight read from Shopify): the
// variant page and the at-risk table show what is coming and when; a supplier's lead time is
// edited with inline validation, several suppliers at once; a draft purchase order is built,
// edited, downloaded and ordered; an import file's bad rows are listed. Screenshots land in
// test-results/screenshots/.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SHOP_A, startWorld, type World } from "./harness.ts";
import { waitFor } from "../support/stack.ts";

let w: World;
let page: Page;

beforeAll(async () => {
  w = await startWorld({ install: [SHOP_A] });
  page = w.page;
});
afterAll(async () => w?.close());

const shopId = () => w.shops[SHOP_A]!;
const expectNoBrowserErrors = () => expect(w.errors.splice(0)).toEqual([]);

describe("stock on its way", () => {
  it("shows what is coming and when on the variant page and in the at-risk table", async () => {
    // The install read the shop's transfers: a variant with a shipment in transit.
    const v = await waitFor("a variant with a shipment on its way", async () => {
      const { rows } = await w.db.pool.query<{ variant_id: string; qty: number }>(
        `SELECT f.variant_id::text, f.incoming AS qty FROM forecasts f
         JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id
         JOIN inbound_lines il ON il.shop_id = f.shop_id AND il.inventory_item_id = v.inventory_item_id
         WHERE f.shop_id = $1 AND f.incoming > 0 AND il.source = 'shipment' AND il.arrives_at IS NOT NULL
           AND f.computed_at > il.synced_at -- recomputed since the transfers were read
           AND NOT EXISTS (SELECT 1 FROM forecast_dirty d WHERE d.shop_id = f.shop_id)
         ORDER BY f.velocity DESC LIMIT 1`,
        [shopId()],
      );
      return rows[0];
    });
    await w.open(`/app/variants/${v.variant_id}`);
    await page.getByRole("heading", { name: "On its way" }).waitFor();
    await page.getByText("Shipment in transit").first().waitFor();
    await expect(page.getByText("carrier's estimate").first().isVisible()).resolves.toBe(true);
    await page.getByTestId("variant-chart").locator("svg").first().waitFor();
    await w.shot("12-variant-on-its-way");

    // The demo shop has an order in flight that lands after the likely stockout.
    const late = await w.db.pool.query(
      `SELECT 1 FROM forecasts WHERE shop_id = $1 AND p_stockout_gap >= 0.25`,
      [shopId()],
    );
    expect(late.rows.length).toBeGreaterThan(0);
    await w.open("/app/inventory?severity=critical,warning,attention&sort=days");
    await page.getByRole("columnheader", { name: "On its way" }).waitFor();
    await w.shot("13-inventory-on-its-way");
    expectNoBrowserErrors();
  });
});

describe("suppliers", () => {
  it("edits a supplier's lead time, refusing an invalid one inline", async () => {
    await w.open("/app");
    await page.locator("ui-nav-menu a", { hasText: "Suppliers" }).click();
    await page.waitForURL(/\/app\/suppliers/);
    await page.getByRole("heading", { name: "Suppliers", level: 1 }).waitFor();
    await w.shot("14-suppliers");
    const first = page.locator("tbody tr.Polaris-IndexTable__TableRow").first();
    const name = (await first.locator("td").nth(1).innerText()).trim().split("\n")[0]!;
    await first.getByRole("button", { name: `Edit ${name}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Lead time").fill("999");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Lead time must be between 0 and 365 days").waitFor();
    await w.shot("15-supplier-validation");
    await dialog.getByLabel("Lead time").fill("21");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await first.getByText("21 days").waitFor();
    const { rows } = await w.db.pool.query(
      `SELECT lead_time_days FROM vendor_overrides WHERE shop_id = $1 AND vendor = $2`,
      [shopId(), name],
    );
    expect(rows).toEqual([{ lead_time_days: 21 }]);
    expectNoBrowserErrors();
  });

  it("sets one term for several suppliers at once, keeping the others", async () => {
    const rows = page.locator("tbody tr.Polaris-IndexTable__TableRow");
    await rows.nth(0).locator("input[type=checkbox]").check({ force: true });
    await rows.nth(1).locator("input[type=checkbox]").check({ force: true });
    await page.getByRole("button", { name: "Edit terms" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Pack size").fill("6");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await waitFor("both saved", async () => {
      const r = await w.db.pool.query<{ pack_size: number; lead_time_days: number | null }>(
        `SELECT pack_size, lead_time_days FROM vendor_overrides WHERE shop_id = $1 AND pack_size = 6`,
        [shopId()],
      );
      return r.rows.length === 2 && r.rows.some((x) => x.lead_time_days === 21) ? true : null;
    });
    expectNoBrowserErrors();
  });
});

describe("reorder planner", () => {
  it("builds a purchase order for a supplier, edits it, downloads it and orders it", async () => {
    await w.open("/app/reorder");
    await page.getByRole("heading", { name: "Reorder planner", level: 1 }).waitFor();
    await w.shot("16-reorder-planner");
    await page
      .getByRole("button", { name: /^Create draft: / })
      .first()
      .click();
    await page.waitForURL(/\/app\/reorder\/\d+/);
    const poId = new URL(page.url()).pathname.split("/").at(-1)!;
    await page.getByRole("button", { name: "Mark as ordered" }).waitFor();
    await w.shot("17-purchase-order-draft");

    const qty = page.getByLabel(/^Quantity: /).first();
    await qty.fill("0");
    const before = await page.getByLabel(/^Quantity: /).count();
    await page.getByRole("button", { name: "Save changes" }).click();
    // 0 removes the line.
    await waitFor("line removed", async () =>
      before === 1 || (await page.getByLabel(/^Quantity: /).count()) === before - 1 ? true : null,
    );

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^po-${poId}-.*\\.csv$`));
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("supplier_sku,sku,product,variant,quantity,unit_cost,line_total");
    const { rows } = await w.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM purchase_order_lines WHERE shop_id = $1 AND purchase_order_id = $2`,
      [shopId(), poId],
    );
    expect(csv.length - 1).toBe(rows[0]!.n);

    await page.getByRole("button", { name: "Mark as ordered" }).click();
    await page.getByText(/its lines count as stock on its way/).waitFor();
    await w.shot("18-purchase-order-ordered");
    expectNoBrowserErrors();
  });

  it("imports Stocky purchase orders, listing the bad rows and importing nothing", async () => {
    await w.open("/app/reorder/import");
    await page.getByRole("heading", { name: "Import from Stocky", level: 1 }).waitFor();
    const { rows } = await w.db.pool.query<{ sku: string; vendor: string }>(
      `SELECT v.sku, p.vendor FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
       WHERE v.shop_id = $1 AND v.sku <> '' ORDER BY v.id LIMIT 1`,
      [shopId()],
    );
    const { sku, vendor } = rows[0]!;
    await page
      .getByLabel("…or paste the CSV")
      .fill(
        `po_number,supplier,sku,quantity\nSTK-1,${vendor},${sku},12\nSTK-1,${vendor},NOPE-1,3\n`,
      );
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText("Line 3: sku NOPE-1 matches no variant in this shop").waitFor();
    await w.shot("19-stocky-import-errors");
    const { rows: none } = await w.db.pool.query(
      `SELECT 1 FROM purchase_orders WHERE shop_id = $1 AND reference = 'STK-1'`,
      [shopId()],
    );
    expect(none).toHaveLength(0);
    expectNoBrowserErrors();
  });
});
