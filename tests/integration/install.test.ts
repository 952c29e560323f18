// Install from the admin, end to end: a session token on a document request → our real auth code
// exchanges it at the simulated store → afterAuth registers the shop and enqueues its backfill →
// the worker reads the shop, locations, catalog and orders through bulk operations → daily sales,
// stock history and a forecast for every tracked variant. Then uninstall and reinstall.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, closeDb } from "../../infra/db.ts";
import { DEFAULT_SCOPES } from "../../tools/fake-shopify/store.ts";
import { localDate } from "../../tools/fake-shopify/time.ts";
import { applyRetention } from "../../worker/schedules/retention.ts";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  latestBackfill,
  openAppFromAdmin,
  startStoreAndStack,
  syncQueue,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";

const SHOP = "demo-gear.myshopify.com";
// Both with 430 days of history: one granted read_all_orders from the start, one granted it later.
const YEAR = "year-round.myshopify.com";
const LATER = "granted-later.myshopify.com";
const NOW = Date.now();
const DAY = 86_400_000;
const longHistory = { historyDays: 430, minProducts: 20, minVariants: 60, targetOrders: 2_500 };

let env: StoreAndStack;
let id: number;
beforeAll(async () => {
  // A shop far from UTC: every local day (sales, stock history) must follow its time zone.
  env = await startStoreAndStack({
    fake: {
      seed: 42,
      now: NOW,
      shops: [
        { domain: SHOP, timezone: "Asia/Tokyo" },
        { domain: YEAR, ...longHistory, scopes: [...DEFAULT_SCOPES, "read_all_orders"] },
        { domain: LATER, ...longHistory },
      ],
    },
  });
});
afterAll(() => env?.close());

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;

async function counts() {
  const [r] = await q<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM variants WHERE shop_id = $1) AS variants,
            (SELECT count(*)::int FROM inventory_levels WHERE shop_id = $1) AS levels,
            (SELECT count(*)::int FROM order_lines WHERE shop_id = $1) AS order_lines,
            (SELECT count(*)::int FROM refund_lines WHERE shop_id = $1) AS refund_lines,
            (SELECT count(*)::int FROM daily_sales WHERE shop_id = $1) AS sales_rows,
            (SELECT COALESCE(SUM(units), 0)::int FROM daily_sales WHERE shop_id = $1) AS units,
            (SELECT count(*)::int FROM daily_stock WHERE shop_id = $1) AS stock_rows,
            (SELECT count(*)::int FROM forecasts WHERE shop_id = $1) AS forecasts,
            (SELECT count(*)::int FROM locations WHERE shop_id = $1) AS locations`,
    [id],
  );
  return r!;
}

describe("install from the admin", () => {
  it("exchanges the session token at the simulated store and enqueues one backfill", async () => {
    id = await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP);
    // The offline session came from the token exchange (expiring, with a refresh token), sealed.
    const [session] = await q<{
      id: string;
      accessToken: string;
      refreshToken: string | null;
      expires: Date;
    }>(`SELECT id, "accessToken", "refreshToken", expires FROM session WHERE shop = $1`, [SHOP]);
    expect(session!.id).toBe(`offline_${SHOP}`);
    expect(session!.accessToken).toMatch(/^v1\./);
    expect(session!.refreshToken).toBeTruthy();
    // (The page's parallel loaders may each exchange the token on this very first load.)
    expect(
      env.fake.tokens.grants.filter((g) => g.shop === SHOP && !g.online).length,
    ).toBeGreaterThan(0);
    // Another load (another tab) does not start a second backfill.
    expect((await openAppFromAdmin(env.stack.webUrl, SHOP)).status).toBe(200);
    const runs = await q(`SELECT id FROM sync_runs WHERE shop_id = $1 AND kind = 'backfill'`, [id]);
    expect(runs).toHaveLength(1);
  });

  it("backfills through bulk operations, with progress, the shop's time zone and a forecast per tracked variant", async () => {
    const { run, phases, pcts } = await waitForBackfill(env.stack.db, id);
    const store = env.fake.store(SHOP);
    expect(phases.at(-1)).toBe("done");
    expect(pcts.at(-1)).toBe(100);
    expect(pcts.length).toBeGreaterThan(3); // the bar moved on the way
    expect(run.state.catalogOp).toMatch(/^gid:\/\/shopify\/BulkOperation\//);
    expect(run.state.ordersOp).toMatch(/^gid:\/\/shopify\/BulkOperation\//);
    // The two exports ran at Shopify at the same time (five bulk queries may since 2026-01).
    const op = (gid: unknown) => env.fake.bulk.get(SHOP, Number(String(gid).split("/").pop()))!;
    expect(op(run.state.ordersOp).createdAt).toBeLessThan(op(run.state.catalogOp).completedAt!);
    // bulk_operations/finish reached the waiting backfill (webhook → worker → Redis → waiter).
    expect(await env.stack.metric("radar_bulk_wakeups_total")).toBeGreaterThan(0);

    const [shop] = await q<{ timezone: string; name: string; currency: string }>(
      `SELECT timezone, name, currency FROM shops WHERE id = $1`,
      [id],
    );
    expect(store.shop.timezone).toBe("Asia/Tokyo");
    expect(shop).toMatchObject({
      timezone: store.shop.timezone,
      name: store.shop.name,
      currency: store.shop.currency,
    });

    const c = await counts();
    expect(c.variants).toBe(store.data.variants.length);
    expect(c.levels).toBe(store.data.inventoryLevels.length);
    expect(c.locations).toBe(store.data.locations.length);

    // A forecast for every tracked variant, none for untracked ones.
    const tracked = store.data.variants.filter(
      (v) => store.itemsById.get(v.inventoryItemId)!.tracked,
    );
    const untracked = store.data.variants.filter(
      (v) => !store.itemsById.get(v.inventoryItemId)!.tracked,
    );
    expect(untracked.length).toBeGreaterThan(0);
    const forecasts = new Set(
      (
        await q<{ variant_id: string }>(`SELECT variant_id FROM forecasts WHERE shop_id = $1`, [id])
      ).map((r) => r.variant_id),
    );
    expect(forecasts.size).toBe(tracked.length);
    for (const v of tracked) expect(forecasts.has(String(v.id))).toBe(true);
    for (const v of untracked) expect(forecasts.has(String(v.id))).toBe(false);
  });

  it("derives daily sales equal to the generator's orders, cancellations and refunds netted", async () => {
    const store = env.fake.store(SHOP);
    const run = (await latestBackfill(env.stack.db, id))!;
    const since = Date.parse(run.state.since as string);
    const expected = new Map<string, number>();
    let cancelled = 0;
    let refunded = 0;
    for (const o of store.data.orders) {
      if (o.createdAt < since) continue;
      if (o.cancelledAt !== null) {
        cancelled++;
        continue;
      }
      const day = localDate(store.shop.timezone, o.createdAt);
      for (const li of o.lineItems) {
        if (li.variantId === null) continue;
        const back = o.refunds.flatMap((r) => r.lines).filter((rl) => rl.lineItemId === li.id);
        if (back.length) refunded++;
        const units = li.quantity - back.reduce((s, rl) => s + rl.quantity, 0);
        expected.set(day, (expected.get(day) ?? 0) + Math.max(0, units));
      }
    }
    expect(cancelled).toBeGreaterThan(10);
    expect(refunded).toBeGreaterThan(10);
    const actual = new Map(
      (
        await q<{ day: string; units: number }>(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(units)::int AS units FROM daily_sales
           WHERE shop_id = $1 GROUP BY day`,
          [id],
        )
      ).map((r) => [r.day, r.units]),
    );
    for (const [day, units] of expected) expect(actual.get(day) ?? 0, day).toBe(units);
    // The export was ungrouped and shuffled, as Shopify's is since 2026-01: many lines came
    // before their order, and still every line of every order is in the ledger, once.
    const lines = store.data.orders
      .filter((o) => o.createdAt >= since)
      .reduce((n, o) => n + o.lineItems.length, 0);
    expect((await counts()).order_lines).toBe(lines);
    expect(run.stats.orderLines).toBe(lines);
    expect(run.stats.orderLinesBeforeTheirOrder).toBeGreaterThan(lines / 10);
    const [staged] = await q<{ n: number }>(
      `SELECT (SELECT count(*) FROM backfill_orders) + (SELECT count(*) FROM backfill_order_lines) AS n`,
    );
    expect(Number(staged!.n)).toBe(0);
    expect([...actual.values()].reduce((a, b) => a + b, 0)).toBe(
      [...expected.values()].reduce((a, b) => a + b, 0),
    );
    // Refund lines of returns are kept for later refunds/create webhooks to add to.
    expect((await counts()).refund_lines).toBeGreaterThan(10);
  });

  it("reconstructs the stock history backwards from today's levels, marking out-of-stock days", async () => {
    const store = env.fake.store(SHOP);
    const run = (await latestBackfill(env.stack.db, id))!;
    const sinceDay = run.state.sinceDay as string;
    // The variant total the day before the window = stock now + everything sold since.
    const sample = await q<{ variant_id: string; opening: number; now: number; sold: number }>(
      `SELECT s.variant_id, s.end_available AS opening,
              (SELECT COALESCE(SUM(l.available), 0)::int FROM inventory_levels l JOIN variants v
                 ON v.shop_id = l.shop_id AND v.inventory_item_id = l.inventory_item_id
               WHERE v.shop_id = $1 AND v.id = s.variant_id) AS now,
              (SELECT COALESCE(SUM(units), 0)::int FROM daily_sales d WHERE d.shop_id = $1 AND d.variant_id = s.variant_id) AS sold
       FROM daily_stock s WHERE s.shop_id = $1 AND s.location_id = 0 AND s.day = $2::date - 1
       ORDER BY s.variant_id LIMIT 200`,
      [id, sinceDay],
    );
    expect(sample.length).toBeGreaterThan(100);
    for (const r of sample) expect(r.opening, r.variant_id).toBe(r.now + r.sold);
    // Items out of stock now were out of stock since their last sale: those days are censored.
    const out = store.data.inventoryLevels.filter(
      (l) => l.available <= 0 && store.itemsById.get(l.inventoryItemId)!.tracked,
    );
    expect(out.length).toBeGreaterThan(0);
    const [oos] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM daily_stock WHERE shop_id = $1 AND location_id <> 0 AND out_of_stock`,
      [id],
    );
    expect(oos!.n).toBeGreaterThan(0);
  });

  it("schedules reconciliation when the backfill completes, and a starting worker ensures it", async () => {
    const sync = syncQueue(env.stack);
    try {
      const keys = async () => (await sync.queue.getJobSchedulers()).map((s) => s.key);
      expect(await keys()).toContain(`reconcile-${id}`);
      // Lost (a Redis flushed, a deploy from before schedules existed): the next worker start
      // puts it back for every installed, backfilled shop.
      await sync.queue.removeJobScheduler(`reconcile-${id}`);
      expect(await keys()).not.toContain(`reconcile-${id}`);
      await env.stack.stopWorker();
      await env.stack.startWorker();
      await waitFor("schedule ensured", async () => (await keys()).includes(`reconcile-${id}`));
    } finally {
      await sync.close();
    }
  });
});

describe("order history with read_all_orders", () => {
  async function firstSaleDay(shopId: number): Promise<string> {
    const [r] = await q<{ day: string }>(
      `SELECT to_char(min(day), 'YYYY-MM-DD') AS day FROM daily_sales WHERE shop_id = $1`,
      [shopId],
    );
    return r!.day;
  }
  const daysAgo = (day: string) => Math.round((NOW - Date.parse(`${day}T12:00:00Z`)) / DAY);

  it("reads 400 days when the merchant granted it, and retention keeps them", async () => {
    const yearId = await installFromAdmin(env.stack.webUrl, env.stack.db, YEAR);
    const { run } = await waitForBackfill(env.stack.db, yearId, { timeoutMs: 120_000 });
    expect(run.stats.orderDays).toBe(400);
    const store = env.fake.store(YEAR);
    const since = Date.parse(run.state.since as string);
    expect(daysAgo(run.state.sinceDay as string)).toBeGreaterThanOrEqual(399);
    const lines = store.data.orders
      .filter((o) => o.createdAt >= since)
      .reduce((n, o) => n + o.lineItems.length, 0);
    const [ledger] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM order_lines WHERE shop_id = $1`,
      [yearId],
    );
    expect(ledger!.n).toBe(lines);
    const first = await firstSaleDay(yearId);
    expect(daysAgo(first)).toBeGreaterThan(390);

    // The daily retention job leaves every backfilled day in place.
    const db = createDb(env.stack.databaseUrl, 2);
    try {
      const deleted = await applyRetention(db);
      expect(deleted.daily_sales).toBe(0);
      expect(deleted.order_lines).toBe(0);
    } finally {
      await closeDb(db);
    }
    expect(await firstSaleDay(yearId)).toBe(first);
  });

  it("reads 60 days without it, and 400 once app/scopes_update says it was granted", async () => {
    const laterId = await installFromAdmin(env.stack.webUrl, env.stack.db, LATER);
    const { run: first } = await waitForBackfill(env.stack.db, laterId, { timeoutMs: 120_000 });
    expect(first.stats.orderDays).toBe(60);
    expect(daysAgo(await firstSaleDay(laterId))).toBeLessThanOrEqual(60);

    const store = env.fake.store(LATER);
    store.updateScopes([...store.scopes, "read_all_orders"]);
    const { run } = await waitForBackfill(env.stack.db, laterId, {
      afterRunId: first.id,
      timeoutMs: 120_000,
    });
    expect(run.stats.orderDays).toBe(400);
    expect(daysAgo(await firstSaleDay(laterId))).toBeGreaterThan(390);
    const [shop] = await q<{ scopes: string }>(`SELECT scopes FROM shops WHERE id = $1`, [laterId]);
    expect(shop!.scopes.split(",")).toContain("read_all_orders");
  });
});

describe("uninstall and reinstall", () => {
  it("app/uninstalled stops the schedule and keeps the data; reinstalling backfills again and duplicates nothing", async () => {
    const before = await counts();
    const firstRun = (await latestBackfill(env.stack.db, id))!;
    env.fake.uninstall(SHOP);
    await waitFor(
      "shop uninstalled",
      async () =>
        (await q<{ status: string }>(`SELECT status FROM shops WHERE id = $1`, [id]))[0]!.status ===
        "uninstalled",
    );
    const sync = syncQueue(env.stack);
    try {
      await waitFor("schedule removed", async () => {
        const keys = (await sync.queue.getJobSchedulers()).map((s) => s.key);
        return !keys.includes(`reconcile-${id}`);
      });
    } finally {
      await sync.close();
    }
    // Data is kept until shop/redact; the session is gone.
    expect((await counts()).order_lines).toBe(before.order_lines);
    expect(await q(`SELECT 1 FROM session WHERE shop = $1`, [SHOP])).toHaveLength(0);

    // The web caches session loads for 3 s (infra/session-storage.ts): a merchant reinstalling
    // takes longer than that; a test must wait it out.
    await new Promise((r) => setTimeout(r, 3_500));
    await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP);
    const { run } = await waitForBackfill(env.stack.db, id, { afterRunId: firstRun.id });
    expect(run.id).not.toBe(firstRun.id);
    const after = await counts();
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });
});
