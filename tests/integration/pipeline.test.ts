// Signed webhooks in, Postgres state and forecasts out: the core path through web and worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, waitFor, type Stack } from "../support/stack.ts";
import { installShop, settled, waitForForecast, type TestShop } from "../support/shop.ts";
import {
  inventoryItemPayload,
  levelPayload,
  locationPayload,
  nextId,
  orderPayload,
  productPayload,
  refundPayload,
} from "../support/payloads.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const daysAgo = (d: number) => iso(d * 86_400_000);

async function level(shop: TestShop, itemId: number, locationId: number) {
  const { rows } = await stack.db.query<{ available: number }>(
    `SELECT available FROM inventory_levels WHERE shop_id = $1 AND inventory_item_id = $2 AND location_id = $3`,
    [shop.id, itemId, locationId],
  );
  return rows[0]?.available;
}

async function unitsSold(shop: TestShop, variantId: number) {
  const { rows } = await stack.db.query<{ units: number }>(
    `SELECT COALESCE(SUM(units), 0)::int AS units FROM daily_sales WHERE shop_id = $1 AND variant_id = $2`,
    [shop.id, variantId],
  );
  return rows[0]!.units;
}

describe("inventory levels", () => {
  it("an older update delivered after a newer one never overwrites it", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "lww-shop.myshopify.com");
    const item = shop.variants[0]!.inventoryItemId;
    await shop.send("inventory_levels/update", levelPayload(item, 11, 40, iso(1_000)));
    await settled(stack.db, shop.domain);
    await shop.send("inventory_levels/update", levelPayload(item, 11, 99, iso(60_000))); // older, late
    await settled(stack.db, shop.domain);
    expect(await level(shop, item, 11)).toBe(40);
    await shop.send("inventory_levels/update", levelPayload(item, 11, 38, iso(0))); // newer
    await settled(stack.db, shop.domain);
    expect(await level(shop, item, 11)).toBe(38);
  });

  it("keeps each location, and the variant total drives the stock history", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "locations-shop.myshopify.com");
    const v = shop.variants[0]!;
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 1, 5, iso(2_000)));
    // Applied in this order: the other way round the total would touch 0 for a moment, and a
    // day whose stock touched 0 is (rightly) marked out of stock.
    await settled(stack.db, shop.domain);
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 2, 0, iso(1_000)));
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT location_id::int AS loc, end_available, out_of_stock FROM daily_stock
       WHERE shop_id = $1 AND variant_id = $2 ORDER BY location_id`,
      [shop.id, v.id],
    );
    expect(rows).toEqual([
      { loc: 0, end_available: 5, out_of_stock: false },
      { loc: 1, end_available: 5, out_of_stock: false },
      { loc: 2, end_available: 0, out_of_stock: true },
    ]);
  });

  it("the variant's total stays the sum of its locations when both change at the same moment", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "race-shop.myshopify.com");
    const v = shop.variants[0]!;
    const t0 = Date.now() - 100_000;
    // 30 rounds of simultaneous updates at two locations, delivered all at once.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        shop.send(
          "inventory_levels/update",
          levelPayload(v.inventoryItemId, 1, 100 - i, new Date(t0 + i * 1000).toISOString()),
        ),
        shop.send(
          "inventory_levels/update",
          levelPayload(v.inventoryItemId, 2, 50 + i, new Date(t0 + i * 1000 + 1).toISOString()),
        ),
      ]).flat(),
    );
    await settled(stack.db, shop.domain);
    // The last day's rows: run just after midnight, the 100 s of updates span two days.
    const { rows } = await stack.db.query(
      `SELECT location_id::int AS loc, end_available FROM daily_stock
       WHERE shop_id = $1 AND variant_id = $2
         AND day = (SELECT max(day) FROM daily_stock WHERE shop_id = $1 AND variant_id = $2)
       ORDER BY location_id`,
      [shop.id, v.id],
    );
    expect(rows).toEqual([
      { loc: 0, end_available: 71 + 79 },
      { loc: 1, end_available: 71 },
      { loc: 2, end_available: 79 },
    ]);
  });
});

describe("sales ledger", () => {
  it("a duplicate orders/create (new webhook id, same order) never double-counts", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "orders-dup.myshopify.com");
    const v = shop.variants[0]!;
    const order = orderPayload(nextId(), [{ id: nextId(), variantId: v.id, quantity: 3 }]);
    await shop.send("orders/create", order);
    await shop.send("orders/create", order); // Shopify retried with a new delivery
    await settled(stack.db, shop.domain);
    expect(await unitsSold(shop, v.id)).toBe(3);
  });

  it("a cancellation reverses the order, even when it arrives first", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "orders-cancel.myshopify.com");
    const v = shop.variants[0]!;
    const lines = [{ id: nextId(), variantId: v.id, quantity: 4 }];
    const id = nextId();
    await shop.send("orders/cancelled", orderPayload(id, lines, { cancelledAt: iso(0) }));
    await settled(stack.db, shop.domain);
    await shop.send("orders/create", orderPayload(id, lines));
    await settled(stack.db, shop.domain);
    expect(await unitsSold(shop, v.id)).toBe(0);

    const kept = nextId();
    await shop.send(
      "orders/create",
      orderPayload(kept, [{ id: nextId(), variantId: v.id, quantity: 2 }]),
    );
    await settled(stack.db, shop.domain);
    expect(await unitsSold(shop, v.id)).toBe(2);
  });

  it("refunds reverse the refunded quantity once, however often they are delivered", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "orders-refund.myshopify.com");
    const v = shop.variants[0]!;
    const line = nextId();
    const order = nextId();
    await shop.send(
      "orders/create",
      orderPayload(order, [{ id: line, variantId: v.id, quantity: 5 }]),
    );
    await settled(stack.db, shop.domain);
    const refund = refundPayload(nextId(), order, [
      { id: nextId(), lineItemId: line, quantity: 2 },
    ]);
    await shop.send("refunds/create", refund);
    await shop.send("refunds/create", refund);
    await settled(stack.db, shop.domain);
    expect(await unitsSold(shop, v.id)).toBe(3);
  });

  it("books sales on the shop's local day", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "tz-shop.myshopify.com", {
      timezone: "Pacific/Auckland",
    });
    const v = shop.variants[0]!;
    // 2026-03-10 20:00 UTC is already 2026-03-11 in Auckland (UTC+13).
    await shop.send(
      "orders/create",
      orderPayload(nextId(), [{ id: nextId(), variantId: v.id, quantity: 1 }], {
        createdAt: "2026-03-10T20:00:00Z",
      }),
    );
    await settled(stack.db, shop.domain);
    const { rows } = await stack.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM daily_sales WHERE shop_id = $1`,
      [shop.id],
    );
    expect(rows).toEqual([{ day: "2026-03-11" }]);
  });
});

describe("catalog", () => {
  it("products/update with fewer variants retires the missing ones; products/delete retires all", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "catalog-shop.myshopify.com", {
      variants: 3,
    });
    await shop.send(
      "products/update",
      productPayload(shop.productId, shop.variants.slice(0, 2), { title: "Renamed" }),
    );
    await settled(stack.db, shop.domain);
    const live = await stack.db.query(
      `SELECT id FROM variants WHERE shop_id = $1 AND deleted_at IS NULL`,
      [shop.id],
    );
    expect(live.rowCount).toBe(2);
    const { rows } = await stack.db.query(`SELECT title FROM products WHERE shop_id = $1`, [
      shop.id,
    ]);
    expect(rows[0]!.title).toBe("Renamed");

    await shop.send("products/delete", { id: shop.productId });
    await settled(stack.db, shop.domain);
    const after = await stack.db.query(
      `SELECT id FROM variants WHERE shop_id = $1 AND deleted_at IS NULL`,
      [shop.id],
    );
    expect(after.rowCount).toBe(0);
  });
});

describe("tracking, cost and locations (inventory_items/*, locations/*)", () => {
  async function item(shop: TestShop, itemId: number) {
    const { rows } = await stack.db.query<{ tracked: boolean; unit_cost: string | null }>(
      `SELECT tracked, unit_cost FROM inventory_items WHERE shop_id = $1 AND id = $2`,
      [shop.id, itemId],
    );
    return rows[0];
  }

  it("learns tracking from inventory_items/update, not from products/update (which no longer says)", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "tracking-shop.myshopify.com");
    const v = shop.variants[0]!;
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 1, 12, iso(5_000)));
    await settled(stack.db, shop.domain);
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.available === 12);

    await shop.send(
      "inventory_items/update",
      inventoryItemPayload(v.inventoryItemId, {
        tracked: false,
        updatedAt: iso(2_000),
        cost: "7.50",
      }),
    );
    await settled(stack.db, shop.domain);
    expect(await item(shop, v.inventoryItemId)).toEqual({ tracked: false, unit_cost: "7.50" });
    // Its forecast follows: an untracked item has no stockout to predict.
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.tracked === false);

    // A later products/update (no inventory_management since 2024-07) leaves tracking alone, and
    // an older inventory_items/update delivered late changes nothing.
    await shop.send("products/update", productPayload(shop.productId, shop.variants));
    await shop.send(
      "inventory_items/update",
      inventoryItemPayload(v.inventoryItemId, { tracked: true, updatedAt: iso(60_000) }),
    );
    await settled(stack.db, shop.domain);
    expect((await item(shop, v.inventoryItemId))!.tracked).toBe(false);

    await shop.send(
      "inventory_items/update",
      inventoryItemPayload(v.inventoryItemId, { tracked: true, updatedAt: iso(0) }),
    );
    await settled(stack.db, shop.domain);
    expect((await item(shop, v.inventoryItemId))!.tracked).toBe(true);
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.tracked === true);
  });

  it("inventory_items/delete retires the variant and its stock", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "item-delete-shop.myshopify.com");
    const v = shop.variants[1]!;
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 1, 3, iso(1_000)));
    await settled(stack.db, shop.domain);
    await shop.send("inventory_items/delete", { id: v.inventoryItemId });
    await settled(stack.db, shop.domain);
    expect(await item(shop, v.inventoryItemId)).toBeUndefined();
    expect(await level(shop, v.inventoryItemId, 1)).toBeUndefined();
    const { rows } = await stack.db.query(
      `SELECT deleted_at FROM variants WHERE shop_id = $1 AND id = $2`,
      [shop.id, v.id],
    );
    expect(rows[0]!.deleted_at).not.toBeNull();
  });

  it("keeps locations current; a deleted location's stock no longer counts", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "location-shop.myshopify.com");
    const v = shop.variants[0]!;
    await shop.send("locations/create", locationPayload(71, "Back room", iso(9_000)));
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 71, 8, iso(8_000)));
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 72, 5, iso(7_000)));
    await shop.send("locations/update", locationPayload(71, "Stockroom", iso(6_000)));
    await settled(stack.db, shop.domain);
    const loc = await stack.db.query(
      `SELECT name, active FROM locations WHERE shop_id = $1 AND id = 71`,
      [shop.id],
    );
    expect(loc.rows[0]).toEqual({ name: "Stockroom", active: true });
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.available === 13);

    await shop.send("locations/delete", { id: 71 });
    await settled(stack.db, shop.domain);
    expect(await level(shop, v.inventoryItemId, 71)).toBeUndefined();
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.available === 5);
  });
});

describe("forecast", () => {
  it("recomputes the touched variant: velocity from in-stock days, days of cover and a stockout date", async () => {
    // A new product: created 12 days ago, stocked 11 days ago, selling 2 a day since.
    const shop = await installShop(stack.webUrl, stack.db, "forecast-shop.myshopify.com", {
      createdAt: daysAgo(12),
    });
    const v = shop.variants[0]!;
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 1, 40, daysAgo(11)));
    for (let d = 10; d >= 1; d--) {
      await shop.send(
        "orders/create",
        orderPayload(nextId(), [{ id: nextId(), variantId: v.id, quantity: 2 }], {
          createdAt: daysAgo(d),
        }),
      );
    }
    await shop.send("inventory_levels/update", levelPayload(v.inventoryItemId, 1, 20, iso(0)));
    await settled(stack.db, shop.domain);
    const f = await waitForForecast(stack.db, shop.id, v.id, (r) => r.available === 20);
    expect(f.method).toMatch(/^tsb-nb@/);
    expect(Number(f.velocity)).toBeGreaterThan(0.5);
    expect(Number(f.days_of_cover)).toBeCloseTo(20 / Number(f.velocity), 5);
    // A range, not a single date: P10 <= P50 <= P90; at 2 a day, 20 units cannot plausibly last
    // three weeks, while the late end stays open for a product with ten days of history.
    const [p10, p50, p90] = [f.stockout_p10, f.stockout_p50, f.stockout_p90].map((d) =>
      new Date(d).getTime(),
    );
    expect(p10).toBeLessThanOrEqual(p50!);
    expect(p50).toBeLessThanOrEqual(p90!);
    expect(p10! - Date.now()).toBeLessThan(21 * 86_400_000);
    expect(p90! - Date.now()).toBeLessThan(365 * 86_400_000);
    expect(Number(f.reorder_point)).toBeGreaterThan(0);
  });

  it("coalesces a burst: 100 events for one variant cause one or two recomputes, not 100", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "burst-shop.myshopify.com");
    const v = shop.variants[0]!;
    await settled(stack.db, shop.domain);
    await waitFor(
      "catalog recompute done",
      async () =>
        (await stack.db.query(`SELECT 1 FROM forecast_dirty WHERE shop_id = $1`, [shop.id]))
          .rowCount === 0,
    );
    await stack.stopWorker();
    const t0 = Date.now() - 200_000;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        shop.send(
          "inventory_levels/update",
          levelPayload(v.inventoryItemId, 1, 100 - i, new Date(t0 + i * 1000).toISOString()),
        ),
      ),
    );
    await stack.startWorker({ RECOMPUTE_DEBOUNCE_MS: "1000" });
    await settled(stack.db, shop.domain, 101);
    await waitForForecast(stack.db, shop.id, v.id, (r) => r.available === 1);
    await waitFor(
      "recompute finished",
      async () => (await stack.metric("radar_recompute_runs_total")) >= 1,
    );
    expect(await stack.metric("radar_events_applied_total")).toBe(100);
    expect(await stack.metric("radar_recompute_runs_total")).toBeLessThanOrEqual(2);
    expect(await stack.metric("radar_variants_recomputed_total")).toBeLessThanOrEqual(2);
  });
});

describe("app/uninstalled", () => {
  it("marks the shop uninstalled, unless the webhook is older than the current install", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "lifecycle-shop.myshopify.com");
    const status = async () =>
      (await stack.db.query(`SELECT status FROM shops WHERE id = $1`, [shop.id])).rows[0]!.status;

    // An uninstall from before this install, delivered late (Shopify retries for hours).
    const late = await shop.send(
      "app/uninstalled",
      { id: 1 },
      { headers: { "x-shopify-triggered-at": iso(3_600_000) } },
    );
    await settled(stack.db, shop.domain);
    expect(await status()).toBe("installed");
    const { rows } = await stack.db.query(
      `SELECT status, error FROM webhook_events WHERE webhook_id = $1`,
      [late.webhookId],
    );
    expect(rows[0]).toEqual({
      status: "skipped",
      error: "uninstall older than the current install",
    });

    await shop.send("app/uninstalled", { id: 1 });
    await settled(stack.db, shop.domain);
    expect(await status()).toBe("uninstalled");
  });
});
