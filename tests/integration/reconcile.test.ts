// Reconciliation: a stock change whose webhook never arrives (lost delivery) is found by the next
// sweep, repaired with last-writer-wins, folded into the stock history, recorded as a correction,
// and followed by the forecast. A newer level brought by a webhook is never overwritten by an
// older read. Large shops are swept with a bulk operation instead of paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  startStoreAndStack,
  syncQueue,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";

const SHOP = "drift-gear.myshopify.com";
const SMALL = "tiny-drift.myshopify.com";

let env: StoreAndStack;
let id: number;
beforeAll(async () => {
  env = await startStoreAndStack({
    fake: {
      seed: 7,
      shops: [
        { domain: SHOP, minProducts: 60, minVariants: 200, targetOrders: 2_000 },
        { domain: SMALL, minProducts: 20, minVariants: 60, targetOrders: 400 },
      ],
      // Paged reads cost ~4 points a level; a roomy bucket keeps the test quick.
      bucket: { maximumAvailable: 4_000, restoreRate: 2_000 },
    },
    // A shop above 300 levels is read with a bulk operation.
    env: { RECONCILE_BULK_ABOVE_LEVELS: "300" },
  });
  id = await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP);
  await waitForBackfill(env.stack.db, id);
});
afterAll(() => env?.close());

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;

async function level(shop: number, item: number, location: number) {
  const [r] = await q<{ available: number }>(
    `SELECT available FROM inventory_levels WHERE shop_id = $1 AND inventory_item_id = $2 AND location_id = $3`,
    [shop, item, location],
  );
  return r?.available;
}

async function sweep(shop: number): Promise<Record<string, unknown>> {
  const sync = syncQueue(env.stack);
  const before = await q<{ id: string }>(
    `SELECT COALESCE(MAX(id), 0)::text AS id FROM sync_runs WHERE shop_id = $1 AND kind = 'reconcile'`,
    [shop],
  );
  try {
    await sync.queue.add("reconcile", { shopId: shop });
  } finally {
    await sync.close();
  }
  const run = await waitFor(
    "reconciliation run",
    async () => {
      const [r] = await q<{ phase: string; stats: Record<string, unknown>; error: string | null }>(
        `SELECT phase, stats, error FROM sync_runs WHERE shop_id = $1 AND kind = 'reconcile' AND id > $2
         AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
        [shop, before[0]!.id],
      );
      return r;
    },
    40_000,
    100,
  );
  if (run.phase !== "done") throw new Error(`reconcile ${run.phase}: ${run.error}`);
  return run.stats;
}

function trackedLevel(domain: string, min = 3) {
  const s = env.fake.store(domain);
  const l = s.data.inventoryLevels.find(
    (x) => x.available > min && s.itemsById.get(x.inventoryItemId)!.tracked,
  )!;
  return { store: s, level: l, variantId: s.itemsById.get(l.inventoryItemId)!.variantId };
}

describe("reconciliation", () => {
  it("repairs a level whose webhook was lost, records the correction, and updates history and forecast", async () => {
    const { store, level: l, variantId } = trackedLevel(SHOP);
    const was = l.available;
    // A stock count in the admin whose inventory_levels/update never reaches us.
    store.setAvailable(l.inventoryItemId, l.locationId, 0, { silent: true });
    expect(await level(id, l.inventoryItemId, l.locationId)).toBe(was);

    const stats = await sweep(id);
    expect(stats.mode).toBe("bulk"); // this shop has more than 300 levels
    expect(stats.checked).toBeGreaterThan(300);
    expect(stats.corrected).toBe(1);
    expect(stats.corrections).toEqual([
      expect.objectContaining({
        item: String(l.inventoryItemId),
        location: String(l.locationId),
        was,
        now: 0,
      }),
    ]);
    expect(await level(id, l.inventoryItemId, l.locationId)).toBe(0);

    // The stock history learnt it (this location, and the variant's total), and the forecast followed.
    const [today] = await q<{ loc: number; total: number }>(
      `SELECT (SELECT end_available FROM daily_stock WHERE shop_id = $1 AND variant_id = $2 AND location_id = $3
               ORDER BY day DESC LIMIT 1) AS loc,
              (SELECT end_available FROM daily_stock WHERE shop_id = $1 AND variant_id = $2 AND location_id = 0
               ORDER BY day DESC LIMIT 1) AS total`,
      [id, variantId, l.locationId],
    );
    expect(today!.loc).toBe(0);
    const others = store.levelsByItem.get(l.inventoryItemId)!.reduce((s, x) => s + x.available, 0);
    expect(today!.total).toBe(others);
    await waitFor("forecast follows", async () => {
      const [f] = await q<{ available: number }>(
        `SELECT available FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
        [id, variantId],
      );
      return f?.available === others;
    });

    // Nothing drifted since: the next sweep corrects nothing.
    expect((await sweep(id)).corrected).toBe(0);
  });

  it("learns that Shopify stopped tracking an item whose inventory_items/update was lost", async () => {
    const { store, level: l, variantId } = trackedLevel(SHOP);
    store.itemsById.get(l.inventoryItemId)!.tracked = false; // no webhook reaches us
    await sweep(id);
    const [item] = await q<{ tracked: boolean }>(
      `SELECT tracked FROM inventory_items WHERE shop_id = $1 AND id = $2`,
      [id, l.inventoryItemId],
    );
    expect(item!.tracked).toBe(false);
    await waitFor("forecast follows", async () => {
      const [f] = await q<{ tracked: boolean }>(
        `SELECT tracked FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
        [id, variantId],
      );
      return f?.tracked === false;
    });
    store.itemsById.get(l.inventoryItemId)!.tracked = true;
  });

  it("repairs a dropped delivery of a live sale, paging a small shop within the cost bucket", async () => {
    const small = await installFromAdmin(env.stack.webUrl, env.stack.db, SMALL);
    await waitForBackfill(env.stack.db, small);
    const { store, level: l, variantId } = trackedLevel(SMALL);
    const before = l.available;
    // The order arrives; the stock webhook that follows it is lost on the way.
    env.fake.webhooks.dropNext(1, "inventory_levels/update");
    const order = store.placeOrder(l.locationId, [{ variantId, quantity: 2 }]);
    await waitFor(
      "order applied",
      async () =>
        (
          await q(`SELECT 1 FROM order_lines WHERE shop_id = $1 AND order_id = $2`, [
            small,
            order.id,
          ])
        ).length > 0,
    );
    await env.fake.webhooks.idle();
    expect(await level(small, l.inventoryItemId, l.locationId)).toBe(before);

    const stats = await sweep(small);
    expect(stats.mode).toBe("paged");
    expect(stats.corrected).toBe(1);
    expect(await level(small, l.inventoryItemId, l.locationId)).toBe(before - 2);
  });

  it("never overwrites a level newer than what it read (last writer wins)", async () => {
    const { store, level: l } = trackedLevel(SHOP, 5);
    // Our copy is ahead of Shopify's (as when a webhook overtakes a slow read).
    await env.stack.db.query(
      `UPDATE inventory_levels SET available = 999, shopify_updated_at = now() + interval '1 hour'
       WHERE shop_id = $1 AND inventory_item_id = $2 AND location_id = $3`,
      [id, l.inventoryItemId, l.locationId],
    );
    const stats = await sweep(id);
    expect(stats.corrected).toBe(0);
    expect(await level(id, l.inventoryItemId, l.locationId)).toBe(999);
    void store;
  });
});
