// The backfill survives what production throws at it: a worker stopped in the middle resumes from
// the run's cursor (completed steps skipped, the running bulk operations awaited by their ids, not
// started again); the shop's bulk query slots all taken (LIMIT_REACHED) is waited out, not failed;
// refund lines without an id (nullable in Shopify's schema) are skipped; Shopify failing is
// recorded with a reason and retried; a backfill job Redis lost (down at install) is enqueued
// again by the sweeper from its 'queued' run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, closeDb } from "../../infra/db.ts";
import { secretBox } from "../../infra/crypto.ts";
import { parseEnv } from "../../infra/env.ts";
import { installShopifyFakeOrigin } from "../../infra/fake-origin.ts";
import { createLogger } from "../../infra/log.ts";
import { SealedSessionStorage } from "../../infra/session-storage.ts";
import { SHOP_QUERY, type ShopData } from "../../infra/shopify-queries.ts";
import { createShopifySessions } from "../../worker/shopify-session.ts";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  latestBackfill,
  startStoreAndStack,
  syncQueue,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";

const RESUME = "resume-gear.myshopify.com";
const FLAKY = "flaky-gear.myshopify.com";
const LOST = "lost-job-gear.myshopify.com";
const BUSY = "busy-gear.myshopify.com";
const NO_IDS = "no-ids-gear.myshopify.com";
const small = { minProducts: 40, minVariants: 150, targetOrders: 1_500 };

let env: StoreAndStack;
beforeAll(async () => {
  env = await startStoreAndStack({
    fake: {
      seed: 11,
      shops: [
        { domain: RESUME, ...small },
        { domain: FLAKY, ...small },
        { domain: LOST, ...small },
        { domain: BUSY, ...small },
        { domain: NO_IDS, ...small },
      ],
      // Bulk operations that take a while, so a worker can be stopped while one runs.
      bulk: { minDurationMs: 2_500 },
    },
  });
});
afterAll(() => env?.close());

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;

describe("backfill resilience", () => {
  it("a worker stopped mid-backfill hands the job back; the next one resumes at the running bulk operations", async () => {
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, RESUME);
    // Wait until both exports run at Shopify (their ids saved in the run's cursor).
    const during = await waitFor(
      "catalog and orders bulk operations started",
      async () => {
        const r = await latestBackfill(env.stack.db, id);
        return r?.state.catalogOp && r.state.ordersOp ? r : null;
      },
      30_000,
      50,
    );
    expect(during.state.done).toEqual(["shop", "locations"]);
    const code = await env.stack.stopWorker("SIGTERM");
    expect(code).toBe(0);
    const paused = (await latestBackfill(env.stack.db, id))!;
    expect(paused.finished_at).toBeNull();
    expect(paused.error).toBeNull(); // stopping is not a failure

    await env.stack.startWorker();
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 40_000 });
    // The same two operations were awaited and read; none was started again.
    expect(run.state.catalogOp).toBe(during.state.catalogOp);
    expect(run.state.ordersOp).toBe(during.state.ordersOp);
    expect(env.fake.bulk.list(RESUME)).toHaveLength(2);
    const [counts] = await q<{ lines: number; forecasts: number }>(
      `SELECT (SELECT count(*)::int FROM order_lines WHERE shop_id = $1) AS lines,
              (SELECT count(*)::int FROM forecasts WHERE shop_id = $1) AS forecasts`,
      [id],
    );
    const store = env.fake.store(RESUME);
    const since = Date.parse(run.state.since as string);
    const lines = store.data.orders
      .filter((o) => o.createdAt >= since)
      .reduce((s, o) => s + o.lineItems.length, 0);
    expect(counts!.lines).toBe(lines);
    expect(counts!.forecasts).toBeGreaterThan(100);
  });

  it("waits for a free bulk query slot when all five are taken (LIMIT_REACHED), without failing", async () => {
    // Five exports of the shop run at Shopify (another instance of the app, a sweep...).
    const store = env.fake.store(BUSY);
    const five = Array.from(
      { length: 5 },
      () =>
        env.fake.bulk.run(store, `{ products { edges { node { id } } } }`, {
          apiVersion: "2026-10",
        }).bulkOperation!,
    );
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, BUSY);
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 60_000 });
    expect(run.error).toBeNull(); // no attempt failed on the way
    const firstFreed = Math.min(...five.map((o) => env.fake.bulk.get(BUSY, o.id)!.completedAt!));
    const catalog = env.fake.bulk.get(BUSY, Number(String(run.state.catalogOp).split("/").pop()))!;
    expect(catalog.createdAt).toBeGreaterThanOrEqual(firstFreed);
  });

  it("skips refund lines Shopify returns without an id (RefundLineItem.id is nullable)", async () => {
    env.fake.faults.nullRefundLineIds(NO_IDS);
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, NO_IDS);
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 40_000 });
    expect(run.error).toBeNull();
    expect(run.stats.refundLinesWithoutId).toBeGreaterThan(0);
    expect(run.stats.refundLines).toBe(0);
    // The ledger still nets what was refunded (quantity − currentQuantity from the export).
    const [r] = await q<{ refunded: number }>(
      `SELECT COALESCE(SUM(refunded_qty), 0)::int AS refunded FROM order_lines WHERE shop_id = $1`,
      [id],
    );
    expect(r!.refunded).toBeGreaterThan(0);
  });

  it("refreshes an expired offline token once, through shopify-api, and stores it back", async () => {
    // The worker's session module, in this process, against the session the web stored.
    installShopifyFakeOrigin(env.fake.url);
    const config = parseEnv(env.stack.env);
    const db = createDb(env.stack.databaseUrl, 3);
    const storage = new SealedSessionStorage(db.prisma, secretBox(config.ENCRYPTION_KEY));
    try {
      const sessions = createShopifySessions(config, db, createLogger("test", "silent"));
      const stored = (await storage.loadSession(`offline_${RESUME}`))!;
      expect(stored.refreshToken).toBeTruthy();
      const clients = await Promise.all([sessions.adminFor(RESUME), sessions.adminFor(RESUME)]);
      // Its hour is up: Shopify answers 401 and the token source is asked to refresh.
      env.fake.tokens.expire(stored.accessToken!);
      const refreshesBefore = env.fake.tokens.grants.filter(
        (g) => g.grant === "refresh_token",
      ).length;
      const answers = await Promise.all(
        clients.map(({ admin }) => admin.request<ShopData>(SHOP_QUERY)),
      );
      for (const a of answers) expect(a.data.shop.myshopifyDomain).toBe(RESUME);
      // Two callers, one refresh: the second used what the first stored.
      const refreshes = env.fake.tokens.grants.filter((g) => g.grant === "refresh_token").length;
      expect(refreshes - refreshesBefore).toBe(1);
      const after = (await new SealedSessionStorage(
        db.prisma,
        secretBox(config.ENCRYPTION_KEY),
      ).loadSession(`offline_${RESUME}`))!;
      expect(after.accessToken).not.toBe(stored.accessToken);
      expect(after.refreshToken).not.toBe(stored.refreshToken);
      expect(after.expires!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await closeDb(db);
    }
  });

  it("records why Shopify failed, retries, and completes", async () => {
    // Every GraphQL call fails for a while: more 502s than one attempt's own retries absorb.
    env.fake.faults.failGraphql(FLAKY, 6, 502);
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, FLAKY);
    const seen = await waitFor(
      "the failure recorded",
      async () => {
        const [s] = await q<{ backfill_error: string | null }>(
          `SELECT backfill_error FROM shops WHERE id = $1`,
          [id],
        );
        return s?.backfill_error;
      },
      30_000,
      20,
    );
    expect(seen).toMatch(/^shop: Shopify http error: HTTP 502.*attempt 1 of \d+; retrying/);
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 40_000 });
    expect(run.error).toMatch(/HTTP 502/); // the run keeps what it overcame
    const [s] = await q<{ backfill_error: string | null; backfill_phase: string }>(
      `SELECT backfill_error, backfill_phase FROM shops WHERE id = $1`,
      [id],
    );
    expect(s).toEqual({ backfill_error: null, backfill_phase: "done" });
  });

  it("the sweeper enqueues a backfill whose job was lost (Redis down at install)", async () => {
    await env.stack.stopWorker("SIGTERM");
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, LOST);
    // The job the web enqueued vanishes, as with a Redis restarted without persistence.
    const sync = syncQueue(env.stack);
    try {
      const jobs = await sync.queue.getJobs(["waiting", "delayed", "prioritized"]);
      const mine = jobs.filter((j) => j?.data?.shopId === id);
      expect(mine).toHaveLength(1);
      await mine[0]!.remove();
    } finally {
      await sync.close();
    }
    expect((await latestBackfill(env.stack.db, id))!.phase).toBe("queued");
    await env.stack.startWorker();
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 40_000 });
    expect(run.phase).toBe("done");
  });
});
