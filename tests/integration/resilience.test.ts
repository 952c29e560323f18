// Outages and restarts: what happens to accepted webhooks when Redis or Postgres go away, how the
// worker stops, and where a poisoned event ends up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { startStack, waitFor, type Stack } from "../support/stack.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { installShop, settled, type TestShop } from "../support/shop.ts";
import { levelPayload, nextId, orderPayload } from "../support/payloads.ts";

let stack: Stack;
let redisProxy: TcpProxy;
let pgProxy: TcpProxy;
let shop: TestShop;

beforeAll(async () => {
  redisProxy = await startTcpProxy(6379);
  pgProxy = await startTcpProxy(5432);
  stack = await startStack({
    env: {
      REDIS_URL: redisProxy.url("redis"),
      JOB_ATTEMPTS: "2",
      JOB_BACKOFF_MS: "50",
      SHUTDOWN_TIMEOUT_MS: "5000",
    },
    pgProxyPort: pgProxy.port,
  });
  shop = await installShop(stack.webUrl, stack.db, "outage-shop.myshopify.com");
});
afterAll(async () => {
  await stack?.close();
  await redisProxy?.close();
  await pgProxy?.close();
});

describe("Redis outage", () => {
  it("keeps answering 200 while Redis is down, loses nothing, and applies everything once it is back", async () => {
    const v = shop.variants[0]!;
    redisProxy.cut();
    const t0 = Date.now();
    const answers = [];
    for (let i = 0; i < 20; i++) {
      answers.push(
        await shop.send(
          "inventory_levels/update",
          levelPayload(v.inventoryItemId, 1, 100 + i, new Date(t0 + i).toISOString()),
        ),
      );
    }
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const pending = await stack.db.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE shop = $1 AND status = 'received'`,
      [shop.domain],
    );
    expect(pending.rows[0]!.n).toBe(20);

    redisProxy.restore();
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT available FROM inventory_levels WHERE shop_id = $1 AND inventory_item_id = $2`,
      [shop.id, v.inventoryItemId],
    );
    expect(rows[0]!.available).toBe(119);
    expect(await stack.metric("radar_swept_events_total")).toBeGreaterThanOrEqual(20);
  });
});

describe("Postgres outage", () => {
  it("answers 503 while the event cannot be recorded, so Shopify retries; 200 again once it can", async () => {
    const v = shop.variants[1]!;
    const payload = levelPayload(v.inventoryItemId, 1, 3, new Date().toISOString());
    pgProxy.cut();
    const down = await shop.send("inventory_levels/update", payload, {
      webhookId: "retried-delivery-1",
    });
    expect(down.status).toBe(503);
    pgProxy.restore();
    const up = await waitFor("intake back", async () => {
      const r = await shop.send("inventory_levels/update", payload, {
        webhookId: "retried-delivery-1",
      });
      return r.status === 200 ? r : null;
    });
    expect(up.status).toBe(200);
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT status FROM webhook_events WHERE webhook_id = 'retried-delivery-1'`,
    );
    expect(rows).toEqual([{ status: "processed" }]);
  });
});

describe("worker", () => {
  it("keeps a poisoned event as failed, with its error, in the audit trail and in BullMQ", async () => {
    await stack.db.query(`ALTER TABLE refund_lines RENAME TO refund_lines_away`);
    try {
      const order = orderPayload(nextId(), [
        { id: nextId(), variantId: shop.variants[0]!.id, quantity: 1 },
      ]);
      const r = await shop.send("orders/create", order);
      const row = await waitFor("event failed", async () => {
        const { rows } = await stack.db.query(
          `SELECT status, attempts, error FROM webhook_events WHERE webhook_id = $1`,
          [r.webhookId],
        );
        return rows[0]?.status === "failed" ? rows[0] : null;
      });
      expect(row.attempts).toBe(2);
      expect(row.error).toMatch(/refund_lines/);
      const queue = new Queue("events", {
        connection: { url: "redis://127.0.0.1:6379" },
        prefix: stack.queuePrefix,
      });
      const failed = await queue.getFailed();
      await queue.close();
      expect(failed.map((j) => j.failedReason).join("\n")).toMatch(/refund_lines/);
    } finally {
      await stack.db.query(`ALTER TABLE refund_lines_away RENAME TO refund_lines`);
    }
  });

  it("stops on SIGTERM within its bound, and a new worker picks up what arrived meanwhile", async () => {
    const started = Date.now();
    const code = await stack.stopWorker("SIGTERM");
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const v = shop.variants[0]!;
    const r = await shop.send(
      "inventory_levels/update",
      levelPayload(v.inventoryItemId, 2, 8, new Date().toISOString()),
    );
    expect(r.status).toBe(200);
    await stack.startWorker();
    await settled(stack.db, shop.domain);
  });
});
