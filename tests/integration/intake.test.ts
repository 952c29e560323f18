// The webhook intake over real HTTP: what Shopify (or an attacker) sees for each kind of request,
// and what ends up recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.ts";
import { sendWebhook } from "../support/webhooks.ts";
import { installShop, settled, type TestShop } from "../support/shop.ts";
import { levelPayload } from "../support/payloads.ts";

let stack: Stack;
let shop: TestShop;

beforeAll(async () => {
  stack = await startStack({ env: { WEBHOOK_MAX_BYTES: "65536" } });
  shop = await installShop(stack.webUrl, stack.db, "intake-shop.myshopify.com");
});
afterAll(() => stack?.close());

const count = async (sql: string, params: unknown[] = []) =>
  Number((await stack.db.query<{ n: string }>(sql, params)).rows[0]!.n);

describe("webhook intake", () => {
  it("accepts a signed webhook, records it and answers 200 quickly", async () => {
    const v = shop.variants[0]!;
    const started = performance.now();
    const r = await shop.send(
      "inventory_levels/update",
      levelPayload(v.inventoryItemId, 1, 12, new Date().toISOString()),
    );
    expect(r.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    const { rows } = await stack.db.query(
      `SELECT topic, status FROM webhook_events WHERE webhook_id = $1`,
      [r.webhookId],
    );
    expect(rows[0]).toMatchObject({ topic: "inventory_levels/update" });
  });

  it("refuses a forged HMAC with 401 and records nothing", async () => {
    const before = await count(`SELECT count(*) AS n FROM webhook_events`);
    const r = await shop.send(
      "inventory_levels/update",
      levelPayload(1, 1, 5, new Date().toISOString()),
      {
        secret: "not-the-app-secret",
      },
    );
    expect(r.status).toBe(401);
    expect(await count(`SELECT count(*) AS n FROM webhook_events`)).toBe(before);
  });

  it("refuses a body altered after signing with 401", async () => {
    const body = JSON.stringify(levelPayload(1, 1, 5, new Date().toISOString()));
    const { getHmac } = await import("@shopify/shopify-api/test-helpers");
    const r = await shop.send("inventory_levels/update", null, {
      body: body.replace('"available":5', '"available":500'),
      headers: { "x-shopify-hmac-sha256": getHmac(body, stack.env.SHOPIFY_API_SECRET!) },
    });
    expect(r.status).toBe(401);
  });

  it("answers 400 when Shopify's headers are missing", async () => {
    const r = await shop.send(
      "orders/create",
      { id: 1 },
      { headers: { "x-shopify-webhook-id": null } },
    );
    expect(r.status).toBe(400);
  });

  it("answers 405 to anything but POST", async () => {
    expect((await sendWebhook(stack.webUrl, "orders/create", {}, { method: "GET" })).status).toBe(
      405,
    );
    expect((await sendWebhook(stack.webUrl, "orders/create", {}, { method: "PUT" })).status).toBe(
      405,
    );
  });

  it("answers 400 to a signed body that is not JSON, and logs it for operators", async () => {
    const r = await shop.send("orders/create", null, { body: '{"id": 1, "line_items": [' });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/not valid JSON/);
    expect(
      await count(
        `SELECT count(*) AS n FROM rejected_webhooks WHERE webhook_id = $1 AND status = 400`,
        [r.webhookId],
      ),
    ).toBe(1);
  });

  it("answers 422 naming the field when a signed payload lacks what we need", async () => {
    const r = await shop.send("inventory_levels/update", {
      location_id: 1,
      available: 3,
      updated_at: new Date().toISOString(),
    });
    expect(r.status).toBe(422);
    expect(r.text).toMatch(/inventory_item_id/);
    const { rows } = await stack.db.query(
      `SELECT reason FROM rejected_webhooks WHERE webhook_id = $1`,
      [r.webhookId],
    );
    expect(rows[0]!.reason).toMatch(/inventory_item_id/);
  });

  it("answers 413 to an oversized body without reading it all", async () => {
    const big = JSON.stringify({ id: 1, line_items: [], note: "x".repeat(100_000) });
    const r = await shop.send("orders/create", null, { body: big });
    expect(r.status).toBe(413);
    expect(
      await count(`SELECT count(*) AS n FROM webhook_events WHERE webhook_id = $1`, [r.webhookId]),
    ).toBe(0);
  });

  it("records a duplicate delivery once and applies it once", async () => {
    const v = shop.variants[1]!;
    const payload = levelPayload(v.inventoryItemId, 1, 7, new Date().toISOString());
    const first = await shop.send("inventory_levels/update", payload);
    const again = await Promise.all(
      [1, 2, 3].map(() =>
        shop.send("inventory_levels/update", payload, { webhookId: first.webhookId }),
      ),
    );
    expect([first.status, ...again.map((a) => a.status)]).toEqual([200, 200, 200, 200]);
    expect(
      await count(`SELECT count(*) AS n FROM webhook_events WHERE webhook_id = $1`, [
        first.webhookId,
      ]),
    ).toBe(1);
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT status, attempts FROM webhook_events WHERE webhook_id = $1`,
      [first.webhookId],
    );
    expect(rows[0]).toMatchObject({ status: "processed", attempts: 1 });
  });

  it("acknowledges a topic we do not handle without retries, and keeps a trace", async () => {
    const r = await shop.send("collections/update", { id: 5 });
    expect(r.status).toBe(200);
    const { rows } = await stack.db.query(
      `SELECT reason FROM rejected_webhooks WHERE webhook_id = $1`,
      [r.webhookId],
    );
    expect(rows[0]!.reason).toMatch(/unsupported topic collections\/update/);
  });
});
