// The simulated Shopify store, exercised only through Shopify's official clients and our Admin API
// module, as the web app and the worker will use it. No database needed.
import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiVersion,
  HttpResponseError,
  LogSeverity,
  RequestedTokenType,
  shopifyApi,
  type Session,
} from "@shopify/shopify-api";
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import { installShopifyFakeOrigin } from "../../infra/fake-origin.ts";
import {
  createShopifyAdmin,
  legacyId,
  levelInventoryItemId,
  streamBulkResults,
  type ShopifyAdmin,
  ShopifyAdminError,
} from "../../infra/shopify-admin.ts";
import {
  BACKFILL_COUNTS_QUERY,
  CATALOG_BULK_QUERY,
  INVENTORY_LEVELS_PAGE_QUERY,
  LOCATIONS_QUERY,
  REFUND_LINES_QUERY,
  SHOP_QUERY,
  availableOf,
  isCatalogLevel,
  isOrderLine,
  ordersBulkQuery,
  BULK_RUN_MUTATION,
  type BackfillCountsData,
  type BulkRunData,
  type CatalogLevelRecord,
  type CatalogRecord,
  type CatalogVariantRecord,
  type InventoryLevelsPageData,
  type LevelNode,
  type LocationNode,
  type LocationsData,
  type OrdersRecord,
  type RefundLinesData,
  type ShopData,
} from "../../infra/shopify-queries.ts";
import { parsePayload } from "../../domain/events.ts";
import { DEFAULT_SCOPES } from "../../tools/fake-shopify/store.ts";
import { startFakeShopify, type FakeShopify } from "../../tools/fake-shopify/main.ts";
import { verifyLedger } from "../../tools/fake-shopify/stats.ts";

const SHOP = "demo-gear.myshopify.com";
const SHOP2 = "north-trail.myshopify.com"; // granted read_all_orders
const NOW = Date.now();
const DAY = 86_400_000;

type Received = {
  topic: string;
  shop: string;
  webhookId: string;
  headers: IncomingMessage["headers"];
  body: string;
  valid: boolean;
  status: number;
};

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET_KEY,
  apiVersion: ApiVersion.October26,
  hostName: "radar.example",
  isEmbeddedApp: true,
  scopes: ["read_products", "read_inventory", "read_orders", "read_locations"],
  logger: { level: LogSeverity.Error },
});

let fake: FakeShopify;
let receiver: Server;
const received: Received[] = [];
// Webhook ids the receiver answers 500 to, once each (to see Shopify-style retries).
const failOnce = new Set<string>();
const failTopicOnce = new Set<string>();

async function waitFor<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function receivedWebhook(topic: string, match: (body: Record<string, unknown>) => boolean) {
  return () =>
    received.find((r) => r.topic === topic && r.status === 200 && match(JSON.parse(r.body)));
}

async function startReceiver(): Promise<string> {
  receiver = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const check = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    const topic = String(req.headers["x-shopify-topic"]);
    const webhookId = String(req.headers["x-shopify-webhook-id"]);
    let status = check.valid ? 200 : 401;
    if (failTopicOnce.delete(topic)) failOnce.add(webhookId);
    if (status === 200 && failOnce.delete(webhookId)) status = 500;
    received.push({
      topic,
      shop: String(req.headers["x-shopify-shop-domain"]),
      webhookId,
      headers: req.headers,
      body: rawBody,
      valid: check.valid,
      status,
    });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
}

/** What the web app will do on the first authenticated load: session token → token exchange. */
async function install(shop: string, expiring = true): Promise<Session> {
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), API_KEY, API_SECRET_KEY);
  const { session } = await shopify.auth.tokenExchange({
    shop,
    sessionToken: token,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    expiring,
  });
  return session;
}

function adminFor(session: Session, extra: Partial<Parameters<typeof createShopifyAdmin>[0]> = {}) {
  return createShopifyAdmin({
    shop: session.shop,
    accessToken: session.accessToken!,
    retryInitialDelayMs: 10,
    ...extra,
  });
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

beforeAll(async () => {
  const webhookTarget = await startReceiver();
  fake = await startFakeShopify({
    port: 0,
    seed: 42,
    now: NOW,
    shops: [
      SHOP,
      {
        domain: SHOP2,
        scopes: [
          "read_products",
          "read_inventory",
          "read_orders",
          "read_all_orders",
          "read_locations",
        ],
      },
    ],
    apiKey: API_KEY,
    appSecret: API_SECRET_KEY,
    webhookTarget,
    bulk: { minDurationMs: 150 },
    webhooks: { maxRetries: 2, retryBaseMs: 30, timeoutMs: 2_000 },
  });
  installShopifyFakeOrigin(fake.url);
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe("token exchange through @shopify/shopify-api", () => {
  it("gives an expiring offline token with a refresh token for a valid session token", async () => {
    const session = await install(SHOP);
    expect(session.id).toBe(`offline_${SHOP}`);
    expect(session.isOnline).toBe(false);
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    expect(session.scope).toBe(DEFAULT_SCOPES.join(","));
  });

  it("refreshes; a used refresh token still works until its replacement is used (since 2026-08)", async () => {
    const first = await install(SHOP);
    const refresh = (refreshToken: string) =>
      shopify.auth.refreshToken({ shop: SHOP, refreshToken });
    const { session: lost } = await refresh(first.refreshToken!);
    expect(lost.accessToken).not.toBe(first.accessToken);
    expect(lost.refreshToken).not.toBe(first.refreshToken);
    // The app never stored that answer (a lost response): the token it holds still works.
    const { session: kept } = await refresh(first.refreshToken!);
    expect(kept.refreshToken).not.toBe(lost.refreshToken);
    // Using the replacement retires the token it replaced.
    const { session: next } = await refresh(kept.refreshToken!);
    expect(next.accessToken).toMatch(/^shpat_/);
    await expect(refresh(first.refreshToken!)).rejects.toBeInstanceOf(HttpResponseError);
    await expect(refresh("shprt_unknown")).rejects.toBeInstanceOf(HttpResponseError);
  });

  it("gives an online token with the staff member behind the session token", async () => {
    const { token } = await getJwt("demo-gear", API_KEY, API_SECRET_KEY);
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.accessToken).toMatch(/^shpua_/);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(12345);
  });

  it("migrates a non-expiring offline token to an expiring one", async () => {
    const old = await install(SHOP, false);
    expect(old.expires).toBeUndefined();
    const { session } = await shopify.auth.migrateToExpiringToken({
      shop: SHOP,
      nonExpiringOfflineAccessToken: old.accessToken!,
    });
    expect(session.refreshToken).toBeTruthy();
    await expect(adminFor(old).request(SHOP_QUERY)).rejects.toMatchObject({ kind: "auth" });
  });

  it("refuses a session token minted for another shop", async () => {
    const { token } = await getJwt("someone-else", API_KEY, API_SECRET_KEY);
    const err = await shopify.auth
      .tokenExchange({
        shop: SHOP,
        sessionToken: token,
        requestedTokenType: RequestedTokenType.OfflineAccessToken,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpResponseError);
    expect((err as HttpResponseError).response.code).toBe(400);
    expect(JSON.stringify((err as HttpResponseError).response.body)).toMatch(
      /invalid_subject_token/,
    );
  });
});

describe("Admin GraphQL", () => {
  let session: Session;
  let admin: ShopifyAdmin;
  beforeAll(async () => {
    session = await install(SHOP);
    admin = adminFor(session);
  });

  it("answers for the shop named by the host, with the cost in extensions", async () => {
    const { data, cost } = await admin.request<ShopData>(SHOP_QUERY);
    expect(data.shop).toMatchObject({
      myshopifyDomain: SHOP,
      name: "Demo Gear",
      ianaTimezone: "America/New_York",
      currencyCode: "USD",
    });
    // shop, the app installation and its access scopes: one point each.
    expect(cost).toMatchObject({ requestedQueryCost: 3, actualQueryCost: 3 });
    expect(cost!.throttleStatus.maximumAvailable).toBe(2000);
    const other = adminFor(await install(SHOP2));
    expect((await other.request<ShopData>(SHOP_QUERY)).data.shop.myshopifyDomain).toBe(SHOP2);
  });

  it("is also readable with shopify.clients.Graphql", async () => {
    const client = new shopify.clients.Graphql({ session });
    const res = await client.request<ShopData>(SHOP_QUERY);
    expect(res.data?.shop.myshopifyDomain).toBe(SHOP);
  });

  it("pages through locations and a location's inventory levels", async () => {
    // About 4 points per level: at the standard 100 points/s this shop's 943 levels take ~20 s.
    fake.setBucket(SHOP, { maximumAvailable: 2000, restoreRate: 2000 });
    const locations = (
      await collect(admin.pages<LocationsData, LocationNode>(LOCATIONS_QUERY, (d) => d.locations))
    ).flat();
    expect(locations).toHaveLength(2);
    const store = fake.store(SHOP);
    for (const loc of locations) {
      const pages = await collect(
        admin.pages<InventoryLevelsPageData, LevelNode>(
          INVENTORY_LEVELS_PAGE_QUERY,
          (d) => d.location?.inventoryLevels,
          { variables: { locationId: loc.id, first: 100 } },
        ),
      );
      const levels = pages.flat();
      const expected = store.data.inventoryLevels.filter(
        (l) => String(l.locationId) === loc.legacyResourceId,
      );
      expect(pages.length).toBe(Math.ceil(expected.length / 100));
      expect(levels.map((l) => levelInventoryItemId(l.id))).toEqual(
        expected.map((l) => String(l.inventoryItemId)),
      );
      const one = expected[0]!;
      expect(availableOf(levels[0]!.quantities)).toBe(one.available);
    }
    fake.setBucket(SHOP, { maximumAvailable: 2000, restoreRate: 100 });
  });

  it("counts what the backfill will read, hiding orders older than 60 days without read_all_orders", async () => {
    const since = new Date(NOW - 90 * DAY).toISOString();
    const { data } = await admin.request<BackfillCountsData>(BACKFILL_COUNTS_QUERY, {
      variables: { ordersQuery: `created_at:>='${since}'` },
    });
    const store = fake.store(SHOP);
    expect(data.productVariantsCount).toEqual({
      count: store.data.variants.length,
      precision: "EXACT",
    });
    expect(data.productVariantsCount!.count).toBeGreaterThanOrEqual(500);
    const recent = store.data.orders.filter((o) => o.createdAt >= Date.now() - 60 * DAY).length;
    expect(data.ordersCount!.count).toBe(recent);

    const all = adminFor(await install(SHOP2));
    const res = await all.request<BackfillCountsData>(BACKFILL_COUNTS_QUERY, {
      variables: { ordersQuery: `created_at:>='${since}'` },
    });
    expect(res.data.ordersCount!.count).toBe(
      fake.store(SHOP2).data.orders.filter((o) => o.createdAt >= Date.parse(since)).length,
    );
    expect(res.data.ordersCount!.count).toBeGreaterThan(data.ordersCount!.count);
  });

  it("retries 5xx answers and succeeds", async () => {
    fake.faults.failGraphql(SHOP, 2, 502);
    const before = fake.requests.length;
    const { data } = await admin.request<ShopData>(SHOP_QUERY);
    expect(data.shop.myshopifyDomain).toBe(SHOP);
    const statuses = fake.requests
      .slice(before)
      .filter((r) => r.path.endsWith("graphql.json"))
      .map((r) => r.status);
    expect(statuses).toEqual([502, 502, 200]);
  });

  it("refreshes an expired token through the token source", async () => {
    let current = await install(SHOP);
    const refreshes: boolean[] = [];
    const client = createShopifyAdmin({
      shop: SHOP,
      accessToken: async ({ refresh }) => {
        refreshes.push(refresh);
        if (refresh) {
          ({ session: current } = await shopify.auth.refreshToken({
            shop: SHOP,
            refreshToken: current.refreshToken!,
          }));
        }
        return current.accessToken!;
      },
    });
    fake.tokens.expire(current.accessToken!);
    const { data } = await client.request<ShopData>(SHOP_QUERY);
    expect(data.shop.name).toBe("Demo Gear");
    expect(refreshes).toEqual([false, true]);
  });
});

describe("throttling", () => {
  it("waits for the bucket to refill after THROTTLED, and before a request that would not fit", async () => {
    const session = await install(SHOP2);
    const waits: { waitMs: number; cost: number; available: number }[] = [];
    const admin = adminFor(session, { onThrottleWait: (w) => waits.push(w) });
    // A tiny bucket: 60 points, refilled at 20 points/s. The query costs 2 + 40 = 42.
    fake.setBucket(SHOP2, { maximumAvailable: 60, restoreRate: 20 });
    const query = /* GraphQL */ `
      query FortyVariants {
        productVariants(first: 40) {
          nodes {
            id
          }
        }
      }
    `;
    const first = await admin.request(query, { cost: 0 });
    expect(first.cost!.throttleStatus.currentlyAvailable).toBeLessThan(20);

    // Told nothing about the cost, the client sends at once, is THROTTLED, and waits for
    // (42 − ~18) / 20 ≈ 1.2 s, which is what the bucket needs.
    let started = Date.now();
    const second = await admin.request(query, { cost: 0 });
    let elapsed = Date.now() - started;
    expect(second.cost!.actualQueryCost).toBe(42);
    expect(waits).toHaveLength(1);
    const throttled = waits[0]!;
    expect(throttled.cost).toBe(42);
    // The refill time for what was missing when Shopify said THROTTLED (+25 ms margin).
    expect(throttled.waitMs).toBe(Math.ceil(((42 - throttled.available) / 20) * 1000) + 25);
    expect(throttled.waitMs).toBeGreaterThan(500);
    expect(elapsed).toBeGreaterThanOrEqual(throttled.waitMs - 20);
    expect(elapsed).toBeLessThan(throttled.waitMs + 2_000);

    // Now the client knows the cost: it waits before sending and is never throttled.
    const before = fake.requests.length;
    started = Date.now();
    await admin.request(query);
    elapsed = Date.now() - started;
    expect(waits).toHaveLength(2);
    expect(elapsed).toBeGreaterThan(1_000);
    expect(fake.requests.slice(before).filter((r) => r.path.endsWith("graphql.json"))).toHaveLength(
      1,
    );
    fake.setBucket(SHOP2, { maximumAvailable: 2000, restoreRate: 100 });
  }, 20_000);
});

describe("bulk operations", () => {
  let admin: ShopifyAdmin;
  beforeAll(async () => {
    admin = adminFor(await install(SHOP));
  });

  it("reads the whole catalog as streamed JSONL, ungrouped: levels anywhere, linked to their variants", async () => {
    const op = await admin.runBulkQuery(CATALOG_BULK_QUERY, { pollMs: 50 });
    expect(op.status).toBe("COMPLETED");
    expect(op.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bulk-results\//);
    const variants = new Map<string, CatalogVariantRecord>();
    const levels: CatalogLevelRecord[] = [];
    let before = 0; // levels that came before their variant
    let lines = 0;
    for await (const rec of admin.bulkRecords<CatalogRecord>(op)) {
      lines++;
      if (isCatalogLevel(rec)) {
        if (!variants.has(rec.__parentId)) before++;
        levels.push(rec);
      } else {
        expect(rec).not.toHaveProperty("__parentId");
        variants.set(rec.id, rec);
      }
    }
    const store = fake.store(SHOP);
    for (const rec of levels) {
      // Each level belongs to its parent's inventory item and holds the store's stock.
      const parent = variants.get(rec.__parentId)!;
      expect(levelInventoryItemId(rec.id)).toBe(legacyId(parent.inventoryItem.id));
      const level = store.level(
        Number(levelInventoryItemId(rec.id)),
        Number(legacyId(rec.location.id)),
      )!;
      expect(availableOf(rec.quantities)).toBe(level.available);
    }
    expect(before).toBeGreaterThan(levels.length / 10); // shuffled, not grouped
    expect(variants.size).toBe(store.data.variants.length);
    expect(levels.length).toBe(store.data.inventoryLevels.length);
    expect(String(lines)).toBe(op.objectCount);
    expect(String(variants.size)).toBe(op.rootObjectCount);
    // The stock served is the generator's ledger: initial + restocks + returns − sales.
    expect(verifyLedger(store.data)).toEqual([]);
  });

  it("groups children right after their parent when asked with groupObjects: true", async () => {
    const { data } = await admin.request<BulkRunData>(BULK_RUN_MUTATION, {
      variables: { query: CATALOG_BULK_QUERY, groupObjects: true },
    });
    const op = await admin.waitForBulkOperation(data.bulkOperationRunQuery!.bulkOperation!.id, {
      pollMs: 50,
    });
    let parent: string | null = null;
    for await (const rec of admin.bulkRecords<CatalogRecord>(op)) {
      if (isCatalogLevel(rec)) expect(rec.__parentId).toBe(parent);
      else parent = rec.id;
    }
  });

  it("reads 90 days of orders with their lines, and refund lines on request", async () => {
    const session = await install(SHOP2);
    const all = adminFor(session);
    const since = new Date(NOW - 90 * DAY);
    const op = await all.runBulkQuery(ordersBulkQuery(since), { pollMs: 50 });
    const orders = new Map<string, OrdersRecord>();
    const lineQty = new Map<string, number>();
    let units = 0;
    const parents = new Set<string>();
    for await (const rec of streamBulkResults<OrdersRecord>(op.url)) {
      if (isOrderLine(rec)) {
        parents.add(rec.__parentId);
        units += rec.quantity;
        lineQty.set(rec.id, rec.quantity - rec.currentQuantity);
      } else orders.set(rec.id, rec);
    }
    for (const p of parents) expect(orders.has(p)).toBe(true);
    const store = fake.store(SHOP2);
    const expected = store.data.orders.filter((o) => o.createdAt >= since.getTime());
    expect(orders.size).toBe(expected.length);
    expect(units).toBe(
      expected.reduce((s, o) => s + o.lineItems.reduce((a, l) => a + l.quantity, 0), 0),
    );
    const oldest = Math.min(
      ...[...orders.values()].map((o) => Date.parse((o as { createdAt: string }).createdAt)),
    );
    expect(oldest - since.getTime()).toBeLessThan(DAY);

    const refundIds = [...orders.values()].flatMap((o) =>
      "refunds" in o ? o.refunds.map((r) => r.id) : [],
    );
    expect(refundIds.length).toBeGreaterThan(20);
    const { data } = await all.request<RefundLinesData>(REFUND_LINES_QUERY, {
      variables: { ids: refundIds.slice(0, 25) },
    });
    for (const refund of data.nodes) {
      for (const rl of refund!.refundLineItems.nodes) {
        expect(lineQty.get(rl.lineItem.id)).toBeGreaterThanOrEqual(rl.quantity);
      }
    }
  });

  it("runs five bulk queries at once per shop, refuses a sixth with LIMIT_REACHED, and announces the end with bulk_operations/finish", async () => {
    const five = await Promise.all(
      Array.from({ length: 5 }, () => admin.startBulkQuery(CATALOG_BULK_QUERY)),
    );
    await expect(admin.startBulkQuery(CATALOG_BULK_QUERY)).rejects.toMatchObject({
      kind: "bulk",
      code: "LIMIT_REACHED",
    });
    const running = await admin.runningBulkOperations();
    expect(running.map((o) => o.id).sort()).toEqual(five.map((o) => o.id).sort());
    for (const op of five.slice(1)) await admin.waitForBulkOperation(op.id, { pollMs: 50 });
    const started = five[0]!;
    const finished = waitFor(
      receivedWebhook("bulk_operations/finish", (b) => b.admin_graphql_api_id === started.id),
    );
    const t0 = Date.now();
    // Polling every 10 s: only the webhook can make this return quickly.
    const op = await admin.waitForBulkOperation(started.id, { pollMs: 10_000, finished });
    expect(op.status).toBe("COMPLETED");
    expect(Date.now() - t0).toBeLessThan(3_000);
    const hook = await finished;
    expect(hook.valid).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      status: "completed",
      error_code: null,
      type: "query",
    });
    expect(parsePayload("bulk_operations/finish", JSON.parse(hook.body)).ok).toBe(true);
  });

  it("reports a failed operation with its error code", async () => {
    fake.faults.failNextBulk(SHOP, "INTERNAL_SERVER_ERROR");
    const err = (await admin
      .runBulkQuery(CATALOG_BULK_QUERY, { pollMs: 50 })
      .catch((e) => e)) as ShopifyAdminError;
    expect(err).toBeInstanceOf(ShopifyAdminError);
    expect(err.code).toBe("INTERNAL_SERVER_ERROR");
    expect(err.bulkOperation?.partialDataUrl).toBeTruthy();
  });
});

describe("webhooks", () => {
  const store = () => fake.store(SHOP);
  function trackedVariantInStock() {
    const s = store();
    const level = s.data.inventoryLevels.find(
      (l) =>
        l.available > 3 &&
        s.itemsById.get(l.inventoryItemId)!.tracked &&
        s.data.locations[0]!.id === l.locationId,
    )!;
    return { level, variantId: s.itemsById.get(level.inventoryItemId)!.variantId };
  }

  it("sends a signed orders/create then inventory_levels/update that @shopify/shopify-api validates", async () => {
    const { level, variantId } = trackedVariantInStock();
    const before = level.available;
    const order = store().placeOrder(level.locationId, [{ variantId, quantity: 2 }]);
    const created = await waitFor(receivedWebhook("orders/create", (b) => b.id === order.id));
    const updated = await waitFor(
      receivedWebhook(
        "inventory_levels/update",
        (b) => b.inventory_item_id === level.inventoryItemId && b.available === before - 2,
      ),
    );
    for (const hook of [created, updated]) {
      expect(hook.valid).toBe(true);
      expect(hook.shop).toBe(SHOP);
      expect(hook.headers["x-shopify-api-version"]).toBe("2026-10");
      expect(hook.headers["x-shopify-event-id"]).toBeTruthy();
      expect(hook.headers["x-shopify-triggered-at"]).toBeTruthy();
      expect(hook.webhookId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const body = JSON.parse(created.body);
    // The real thing carries personal data; our intake keeps none of it.
    expect(body.customer.email).toMatch(/@example\.com$/);
    expect(body.shipping_address.address1).toBeTruthy();
    const parsed = parsePayload("orders/create", body);
    expect(parsed.ok).toBe(true);
    expect(JSON.stringify(parsed)).not.toMatch(/@example\.com|address1|first_name/);
    expect(parsePayload("inventory_levels/update", JSON.parse(updated.body)).ok).toBe(true);
    expect(received.indexOf(created)).toBeLessThan(received.indexOf(updated));
  });

  it("sends refunds/create, orders/cancelled and products/update/delete in shapes our intake accepts", async () => {
    const s = store();
    const { level, variantId } = trackedVariantInStock();
    const order = s.placeOrder(level.locationId, [{ variantId, quantity: 1 }]);
    const refund = s.refund(order.id, [
      { lineItemId: order.lineItems[0]!.id, quantity: 1, restock: true },
    ]);
    const order2 = s.placeOrder(level.locationId, [{ variantId, quantity: 1 }]);
    s.cancelOrder(order2.id);
    const product = s.productsById.get(s.variantsById.get(variantId)!.productId)!;
    s.updateProduct(product.id, { title: `${product.title} (new)` });
    const doomed = s.data.products.at(-1)!;
    s.deleteProduct(doomed.id);

    const hooks = await Promise.all([
      waitFor(receivedWebhook("refunds/create", (b) => b.id === refund.id)),
      waitFor(receivedWebhook("orders/cancelled", (b) => b.id === order2.id)),
      waitFor(receivedWebhook("products/update", (b) => b.id === product.id)),
      waitFor(receivedWebhook("products/delete", (b) => b.id === doomed.id)),
    ]);
    for (const h of hooks) {
      expect(h.valid).toBe(true);
      const parsed = parsePayload(h.topic, JSON.parse(h.body));
      expect(parsed, h.topic).toMatchObject({ ok: true });
    }
    expect(JSON.parse(hooks[1]!.body).cancelled_at).toBeTruthy();
    // Product webhooks carry no inventory_management since 2024-07; ids are JSON numbers with
    // their GraphQL id beside them, as in Shopify's samples.
    const body = JSON.parse(hooks[2]!.body);
    expect(body.admin_graphql_api_id).toBe(`gid://shopify/Product/${body.id}`);
    for (const v of body.variants) {
      expect(v).not.toHaveProperty("inventory_management");
      expect(typeof v.id).toBe("number");
      expect(typeof v.inventory_item_id).toBe("number");
      expect(v.admin_graphql_api_id).toBe(`gid://shopify/ProductVariant/${v.id}`);
    }
  });

  it("sends inventory_items/update, locations/update and app/scopes_update in Shopify's shapes", async () => {
    const s = store();
    const { level } = trackedVariantInStock();
    const cost = s.itemsById.get(level.inventoryItemId)!.unitCost;
    const item = s.updateInventoryItem(level.inventoryItemId, { tracked: false, unitCost: "4.20" });
    const name = s.locationsById.get(level.locationId)!.name;
    const location = s.updateLocation(level.locationId, { name: "Renamed warehouse" });
    s.updateScopes([...s.scopes, "read_all_orders"]);
    const [itemHook, locationHook, scopesHook] = await Promise.all([
      waitFor(receivedWebhook("inventory_items/update", (b) => b.id === item.id)),
      waitFor(receivedWebhook("locations/update", (b) => b.id === location.id)),
      waitFor(receivedWebhook("app/scopes_update", () => true)),
    ]);
    // The fields of Shopify's REST InventoryItem and Location, which these webhooks carry.
    expect(Object.keys(JSON.parse(itemHook.body)).sort()).toEqual(
      [
        "admin_graphql_api_id",
        "cost",
        "country_code_of_origin",
        "country_harmonized_system_codes",
        "created_at",
        "harmonized_system_code",
        "id",
        "province_code_of_origin",
        "requires_shipping",
        "sku",
        "tracked",
        "updated_at",
      ].sort(),
    );
    expect(JSON.parse(itemHook.body)).toMatchObject({ tracked: false, cost: "4.20" });
    expect(JSON.parse(locationHook.body)).toMatchObject({
      id: location.id,
      name: "Renamed warehouse",
      active: true,
      legacy: false,
      admin_graphql_api_id: `gid://shopify/Location/${location.id}`,
    });
    expect(JSON.parse(scopesHook.body).current).toContain("read_all_orders");
    for (const h of [itemHook, locationHook, scopesHook]) {
      expect(h.valid).toBe(true);
      expect(parsePayload(h.topic, JSON.parse(h.body)), h.topic).toMatchObject({ ok: true });
    }
    // Put the shop back as generated (a later test compares it with a fresh one).
    s.updateScopes(s.scopes.filter((x) => x !== "read_all_orders"));
    s.updateInventoryItem(item.id, { tracked: true, unitCost: cost });
    s.updateLocation(location.id, { name });
  });

  it("sends the compliance topics", async () => {
    const s = store();
    const customerId = s.data.orders[0]!.customerId;
    s.requestCustomerData(customerId);
    s.redactCustomer(customerId);
    s.redactShop();
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      const hook = await waitFor(receivedWebhook(topic, (b) => b.shop_domain === SHOP));
      expect(hook.valid).toBe(true);
      expect(parsePayload(topic, JSON.parse(hook.body)).ok).toBe(true);
    }
  });

  it("can drop, duplicate and retry deliveries", async () => {
    const s = store();
    const { level, variantId } = trackedVariantInStock();

    fake.webhooks.dropNext(1, "inventory_levels/update");
    const dropped = s.placeOrder(level.locationId, [{ variantId, quantity: 1 }]);
    await waitFor(receivedWebhook("orders/create", (b) => b.id === dropped.id));
    await fake.webhooks.idle();
    const lost = fake.webhooks.deliveries.filter(
      (d) => d.topic === "inventory_levels/update" && d.status === "dropped",
    );
    expect(lost).toHaveLength(1);
    expect(received.some((r) => r.webhookId === lost[0]!.webhookId)).toBe(false);

    fake.webhooks.setKnobs({ duplicateRate: 1 });
    const twice = s.placeOrder(level.locationId, [{ variantId, quantity: 1 }]);
    await fake.webhooks.idle();
    fake.webhooks.setKnobs({ duplicateRate: 0 });
    const copies = received.filter(
      (r) => r.topic === "orders/create" && JSON.parse(r.body).id === twice.id,
    );
    expect(copies).toHaveLength(2);
    expect(copies[0]!.webhookId).toBe(copies[1]!.webhookId);

    failTopicOnce.add("products/update");
    const p = s.data.products[0]!;
    s.updateProduct(p.id, { vendor: "Retry Outfitters" });
    const ok = await waitFor(
      receivedWebhook("products/update", (b) => b.vendor === "Retry Outfitters"),
    );
    const attempts = received.filter((r) => r.webhookId === ok.webhookId).map((r) => r.status);
    expect(attempts).toEqual([500, 200]);
  });

  it("sends app/uninstalled, revokes the tokens, and a new token exchange reinstalls", async () => {
    const session = await install(SHOP);
    const admin = adminFor(session);
    fake.uninstall(SHOP);
    const hook = await waitFor(
      receivedWebhook("app/uninstalled", (b) => b.myshopify_domain === SHOP),
    );
    expect(hook.valid).toBe(true);
    expect(parsePayload("app/uninstalled", JSON.parse(hook.body)).ok).toBe(true);
    await expect(admin.request(SHOP_QUERY)).rejects.toMatchObject({ kind: "auth", status: 401 });

    const again = adminFor(await install(SHOP));
    expect((await again.request<ShopData>(SHOP_QUERY)).data.shop.myshopifyDomain).toBe(SHOP);
    expect(fake.store(SHOP).installed).toBe(true);
  });
});

describe("live mode", () => {
  it("keeps selling: orders/create then inventory_levels/update, with the ledger still consistent", async () => {
    const s = fake.store(SHOP2);
    const ordersBefore = s.data.orders.length;
    const receivedBefore = received.length;
    const result = fake.live(SHOP2).tick(6 * 3_600_000);
    expect(result.orders).toBeGreaterThan(3);
    await fake.webhooks.idle();
    const hooks = received.slice(receivedBefore).filter((r) => r.shop === SHOP2);
    expect(hooks.filter((h) => h.topic === "orders/create")).toHaveLength(
      s.data.orders.length - ordersBefore,
    );
    expect(hooks.some((h) => h.topic === "inventory_levels/update")).toBe(true);
    expect(hooks.every((h) => h.valid)).toBe(true);
    expect(verifyLedger(s.data)).toEqual([]);
  });
});

describe("bulk result links", () => {
  it("are signed and expire", async () => {
    const short = await startFakeShopify({
      port: 0,
      seed: 42,
      now: NOW,
      apiKey: API_KEY,
      appSecret: API_SECRET_KEY,
      bulk: { minDurationMs: 0, urlTtlMs: 300 },
    });
    installShopifyFakeOrigin(short.url);
    try {
      const admin = adminFor(await install(SHOP));
      const op = await admin.runBulkQuery(CATALOG_BULK_QUERY, { pollMs: 20 });
      const forged = op.url!.replace(/signature=[0-9a-f]+/, `signature=${"0".repeat(64)}`);
      await expect(collect(streamBulkResults(forged))).rejects.toMatchObject({
        kind: "http",
        status: 403,
      });
      await new Promise((r) => setTimeout(r, 400));
      await expect(collect(streamBulkResults(op.url))).rejects.toMatchObject({
        kind: "http",
        status: 400,
      });
    } finally {
      installShopifyFakeOrigin(fake.url);
      await short.close();
    }
  }, 30_000);
});

describe("the generated shop, seen through the API", () => {
  it("is the same shop for the same seed", async () => {
    const twin = await startFakeShopify({
      port: 0,
      seed: 42,
      now: NOW,
      apiKey: API_KEY,
      appSecret: API_SECRET_KEY,
    });
    try {
      const query = `{ productVariants(first: 100) { nodes { id sku price inventoryItem { tracked } } } }`;
      const a = await adminFor(await install(SHOP)).request(query);
      installShopifyFakeOrigin(twin.url);
      const b = await adminFor(await install(SHOP)).request(query);
      expect(b.data).toEqual(a.data);
    } finally {
      installShopifyFakeOrigin(fake.url);
      await twin.close();
    }
  }, 30_000);
});
