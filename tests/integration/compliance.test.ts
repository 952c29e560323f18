// Shopify's mandatory compliance webhooks, and the promise behind them: we hold no customer
// personal data, and shop/redact leaves nothing of the shop behind.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.ts";
import { installShop, settled } from "../support/shop.ts";
import {
  CUSTOMER,
  levelPayload,
  nextId,
  orderPayload,
  refundPayload,
} from "../support/payloads.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const dump = () =>
  execFileSync("pg_dump", ["--data-only", "--no-owner", stack.databaseUrl], {
    maxBuffer: 256 << 20,
  }).toString();

const personal = [
  CUSTOMER.email,
  CUSTOMER.phone,
  CUSTOMER.first_name,
  CUSTOMER.last_name,
  "Privacy Lane",
  "K1A 0B1",
  "Leave at the door",
];

async function shopWithHistory(domain: string) {
  const shop = await installShop(stack.webUrl, stack.db, domain);
  const v = shop.variants[0]!;
  const order = nextId();
  const line = nextId();
  await shop.send(
    "inventory_levels/update",
    levelPayload(v.inventoryItemId, 1, 10, new Date().toISOString()),
  );
  await shop.send(
    "orders/create",
    orderPayload(order, [{ id: line, variantId: v.id, quantity: 2 }]),
  );
  await shop.send(
    "refunds/create",
    refundPayload(nextId(), order, [{ id: nextId(), lineItemId: line, quantity: 1 }]),
  );
  await shop.send(
    "orders/cancelled",
    orderPayload(order, [{ id: line, variantId: v.id, quantity: 2 }], {
      cancelledAt: new Date().toISOString(),
    }),
  );
  await settled(stack.db, shop.domain);
  return { shop, order };
}

describe("customer data", () => {
  it("orders carrying a customer's name, email, phone and address leave none of it in the database", async () => {
    const { shop } = await shopWithHistory("pii-shop.myshopify.com");
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM order_lines WHERE shop_id = $1`,
      [shop.id],
    );
    expect(rows[0]!.n).toBe(1); // the order itself was recorded …
    const text = dump();
    for (const p of personal) expect(text, `database holds "${p}"`).not.toContain(p); // … its customer was not
  });

  it("customers/redact and customers/data_request are acknowledged and processed", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "privacy-shop.myshopify.com");
    const redact = await shop.send("customers/redact", {
      shop_id: 1,
      shop_domain: shop.domain,
      customer: CUSTOMER,
      orders_to_redact: [1, 2],
    });
    const request = await shop.send("customers/data_request", {
      shop_id: 1,
      shop_domain: shop.domain,
      customer: CUSTOMER,
      orders_requested: [1],
      data_request: { id: 9 },
    });
    expect([redact.status, request.status]).toEqual([200, 200]);
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT topic, status FROM webhook_events WHERE shop = $1 AND topic LIKE 'customers/%' ORDER BY topic`,
      [shop.domain],
    );
    expect(rows).toEqual([
      { topic: "customers/data_request", status: "processed" },
      { topic: "customers/redact", status: "processed" },
    ]);
    expect(dump()).not.toContain(CUSTOMER.email);
  });

  it("compliance webhooks with a forged signature get 401", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "forged-privacy.myshopify.com");
    for (const topic of ["customers/redact", "customers/data_request", "shop/redact"]) {
      const r = await shop.send(topic, { shop_domain: shop.domain }, { secret: "wrong" });
      expect(r.status, topic).toBe(401);
    }
  });
});

describe("shop/redact", () => {
  it("deletes every row of the shop and nothing of any other shop", async () => {
    const a = await shopWithHistory("redact-a.myshopify.com");
    const b = await shopWithHistory("redact-b.myshopify.com");
    await stack.db.query(
      `INSERT INTO session (id, shop, state, "isOnline", "accessToken") VALUES ('offline_redact-a.myshopify.com', 'redact-a.myshopify.com', 's', false, 'x'),
              ('offline_redact-b.myshopify.com', 'redact-b.myshopify.com', 's', false, 'y')`,
    );
    await stack.db.query(
      `INSERT INTO shop_settings (shop_id, settings) VALUES ($1, '{}'), ($2, '{}')`,
      [a.shop.id, b.shop.id],
    );
    // Let the worker finish with B (forecasts, alert evaluation) so its row counts stand still.
    const before = await quiet(b.shop.id, b.shop.domain);

    const r = await a.shop.send("shop/redact", { shop_id: 1, shop_domain: a.shop.domain });
    expect(r.status).toBe(200);
    await waitGone(a.shop.domain);

    const leftA = await rowsPerShop(a.shop.id, a.shop.domain);
    expect(Object.entries(leftA).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsPerShop(b.shop.id, b.shop.domain)).toEqual(before);
    expect(dump()).not.toContain("redact-a.myshopify.com");
  });
});

async function quiet(shopId: number, domain: string): Promise<Record<string, number>> {
  let last = JSON.stringify(await rowsPerShop(shopId, domain));
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await rowsPerShop(shopId, domain);
    if (JSON.stringify(now) === last && now["forecast_dirty.shop_id"] === 0) return now;
    last = JSON.stringify(now);
  }
  throw new Error(`${domain} never settled`);
}

async function waitGone(domain: string) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM shops WHERE domain = $1`,
      [domain],
    );
    const ev = await stack.db.query(
      `SELECT count(*)::int AS n FROM webhook_events WHERE shop = $1`,
      [domain],
    );
    if (rows[0]!.n === 0 && ev.rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${domain} not redacted`);
}

// Counts, for every table in the schema, the rows that belong to the shop (by shop_id or domain).
async function rowsPerShop(shopId: number, domain: string): Promise<Record<string, number>> {
  const { rows: cols } = await stack.db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name IN ('shop_id', 'shop', 'domain') AND table_name <> '_prisma_migrations'`,
  );
  const out: Record<string, number> = {};
  for (const c of cols) {
    const value = c.column_name === "shop_id" ? shopId : domain;
    const { rows } = await stack.db.query(
      `SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}" = $1`,
      [value],
    );
    out[`${c.table_name}.${c.column_name}`] = rows[0]!.n;
  }
  return out;
}
