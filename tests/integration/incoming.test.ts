// Stock on its way, end to end against the simulated store: the install reads incoming quantities,
// open transfers and shipments with their tracking; forecasts net them by the day they land; an
// order landing after the predicted stockout raises exactly one stock-gap alert (however often
// Shopify repeats itself), expediting it resolves the alert, and receiving it closes it. A shop
// that did not grant the transfer scopes still nets each level's incoming quantity.
import { dayInZone } from "../../domain/forecast/dates.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord } from "../fakes/index.ts";
import { addChannel, discordWebhook } from "../support/alerts.ts";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  startStoreAndStack,
  syncQueue,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";
import { inboundKind } from "../../tools/fake-shopify/inbound.ts";
import { DEFAULT_SCOPES } from "../../tools/fake-shopify/store.ts";

const SHOP = "inbound-gear.myshopify.com";
const NO_SCOPE = "no-transfers.myshopify.com";
const DAY = 86_400_000;

let env: StoreAndStack;
let discord: FakeDiscord;
let id: number;
beforeAll(async () => {
  discord = await startFakeDiscord();
  env = await startStoreAndStack({
    fake: {
      seed: 12,
      shops: [
        { domain: SHOP, minProducts: 30, minVariants: 80, targetOrders: 1_500 },
        {
          domain: NO_SCOPE,
          minProducts: 10,
          minVariants: 30,
          targetOrders: 300,
          scopes: DEFAULT_SCOPES.filter((s) => !/transfers|shipments/.test(s)),
        },
      ],
      bucket: { maximumAvailable: 4_000, restoreRate: 2_000 },
    },
    env: { DISCORD_API_BASE: `${discord.url}/api` },
  });
  id = await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP);
  zone = (await q<{ timezone: string }>(`SELECT timezone FROM shops WHERE id = $1`, [id]))[0]!
    .timezone;
  await waitForBackfill(env.stack.db, id);
});
afterAll(async () => {
  await env?.close();
  await discord?.close();
});

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;
// A calendar day in the shop's time zone, as the app dates arrivals (a UTC day is a day off for
// hours around midnight).
let zone = "UTC";
const day = (ms: number) => dayInZone(new Date(ms), zone);

// Nothing left to sync, recompute or evaluate.
async function quiet(shop: number) {
  const sync = syncQueue(env.stack);
  try {
    await waitFor("quiet", async () => {
      const [r] = await q<{ n: number }>(
        `SELECT (SELECT count(*) FROM forecast_dirty WHERE shop_id = $1)::int AS n`,
        [shop],
      );
      // Reconciliation is scheduled (always delayed): only the stock-on-its-way re-reads count.
      const jobs = await sync.queue.getJobs(["active", "waiting", "delayed", "prioritized"]);
      return r!.n === 0 && !jobs.some((j) => j?.name === "incoming");
    });
  } finally {
    await sync.close();
  }
}

describe("stock on its way", () => {
  it("reads incoming quantities, open transfers and shipments in transit at install", async () => {
    const store = env.fake.store(SHOP);
    const open = store.inbound.transfers.filter((t) => t.status !== "TRANSFERRED");
    expect(open.length).toBeGreaterThan(2);
    const lines = await waitFor("inbound lines", async () => {
      const rows = await q<{
        source: string;
        document_id: string;
        quantity: number;
        arrives_at: Date | null;
      }>(
        `SELECT source, document_id::text, quantity, arrives_at FROM inbound_lines WHERE shop_id = $1`,
        [id],
      );
      return rows.length >= open.length ? rows : null;
    });
    for (const t of open) {
      const shipment = t.shipments[0];
      if (shipment) {
        const row = lines.find(
          (l) => l.source === "shipment" && l.document_id === String(shipment.id),
        );
        expect(row?.quantity).toBe(shipment.lines[0]!.quantity);
        // Shopify's DateTime has whole seconds.
        expect(row?.arrives_at?.getTime()).toBe(Math.floor(shipment.arrivesAt! / 1000) * 1000);
      } else {
        const row = lines.find((l) => l.source === "transfer" && l.document_id === String(t.id));
        expect(row?.quantity).toBe(t.lines[0]!.quantity);
      }
    }
    // Every level's incoming quantity, purchase orders included.
    const levels = await q<{ item: string; location: string; incoming: number }>(
      `SELECT inventory_item_id::text AS item, location_id::text AS location, incoming
       FROM inventory_levels WHERE shop_id = $1`,
      [id],
    );
    const mismatched = levels.filter(
      (l) => l.incoming !== store.inbound.incomingAt(Number(l.item), Number(l.location)),
    );
    expect(mismatched).toEqual([]);
    expect(levels.some((l) => l.incoming > 0)).toBe(true);
  });

  it("a late order raises one stock-gap alert; expedited, it resolves; received, it is gone", async () => {
    await quiet(id);
    const hook = discordWebhook();
    await addChannel(env.stack, id, {
      kind: "discord",
      name: "Ops",
      config: { webhookUrl: hook.url },
    });
    const store = env.fake.store(SHOP);
    // The fastest seller with nothing on its way, brought down to about ten days of stock.
    const [pick] = await q<{
      variant_id: string;
      item: string;
      location: string;
      velocity: number;
      p50?: string;
    }>(
      `SELECT f.variant_id::text, v.inventory_item_id::text AS item, l.location_id::text AS location,
              f.velocity
       FROM forecasts f
       JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id
       JOIN inventory_levels l ON l.shop_id = f.shop_id AND l.inventory_item_id = v.inventory_item_id
       WHERE f.shop_id = $1 AND f.status = 'ok' AND f.incoming = 0 AND f.velocity > 0.5
         AND NOT EXISTS (SELECT 1 FROM inventory_levels o WHERE o.shop_id = l.shop_id
                           AND o.inventory_item_id = l.inventory_item_id AND o.incoming > 0)
       ORDER BY f.velocity DESC, l.available DESC LIMIT 1`,
      [id],
    );
    expect(pick).toBeDefined();
    const stock = Math.ceil(pick!.velocity * 10);
    const levels = store.data.inventoryLevels.filter(
      (l) => l.inventoryItemId === Number(pick!.item),
    );
    for (const l of levels)
      store.setAvailable(
        l.inventoryItemId,
        l.locationId,
        l.locationId === Number(pick!.location) ? stock : 0,
      );
    const before = await waitFor("the new stock in the forecast", async () => {
      const [f] = await q<{ available: number; p50: string | null }>(
        `SELECT available, to_char(stockout_p50, 'YYYY-MM-DD') AS p50 FROM forecasts
         WHERE shop_id = $1 AND variant_id = $2`,
        [id, pick!.variant_id],
      );
      return f?.available === stock && f.p50 ? f : null;
    });
    pick!.p50 = before.p50!;
    const p50 = Date.parse(`${pick!.p50}T12:00:00Z`);
    // Shipped with tracking, landing four weeks after the likely stockout.
    let ref = store.newPurchaseOrderId();
    while (inboundKind(ref) !== "shipped") ref = store.newPurchaseOrderId();
    const restock = {
      inventoryItemId: Number(pick!.item),
      locationId: Number(pick!.location),
      at: p50 + 28 * DAY,
      quantity: 400,
      ref,
      orderedAt: Date.now(),
    };
    store.orderRestock(restock);

    const gap = await waitFor("the late order in the forecast", async () => {
      const [f] = await q<{
        incoming: number;
        next: string | null;
        p: number | null;
        p50: string | null;
        suggested: number | null;
      }>(
        `SELECT incoming, to_char(next_arrival_on, 'YYYY-MM-DD') AS next, p_stockout_gap AS p,
                to_char(stockout_p50, 'YYYY-MM-DD') AS p50, suggested_qty AS suggested
         FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
        [id, pick!.variant_id],
      );
      return f && f.incoming === 400 ? f : null;
    });
    expect(gap.next).toBe(day(restock.at));
    expect(gap.p!).toBeGreaterThan(0.9);
    // It lands after the stockout: the dates do not move.
    expect(gap.p50).toBe(pick!.p50);

    const gapNotes = async () =>
      (
        await q<{ step: string; status: string }>(
          `SELECT n.step, n.status FROM alert_notifications n JOIN alert_episodes e ON e.id = n.episode_id
           WHERE n.shop_id = $1 AND e.kind = 'stock_gap' AND e.variant_id = $2 ORDER BY n.id`,
          [id, pick!.variant_id],
        )
      ).map((n) => `${n.step}:${n.status}`);
    await waitFor("the gap alert sent", async () => (await gapNotes()).includes("open:sent"));
    const sent = () =>
      discord.messages.filter((m) =>
        JSON.stringify(m.message).includes("before the order on its way lands"),
      );
    await waitFor("one Discord message", async () => sent().length === 1);

    // Shopify repeats itself: the same webhooks again, and another full re-read.
    const shipment = store.inbound.transfersById.get(ref)!.shipments[0]!;
    store.updateTracking(shipment.id, restock.at);
    store.updateTracking(shipment.id, restock.at);
    const sync = syncQueue(env.stack);
    await sync.queue.add("incoming", { shopId: id });
    await sync.close();
    await quiet(id);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await gapNotes()).toEqual(["open:sent"]);
    expect(sent()).toHaveLength(1);

    // Expedited: it now lands in two days, well before the stockout.
    store.updateTracking(shipment.id, Date.now() + 2 * DAY);
    const moved = await waitFor("expedited in the forecast", async () => {
      const [f] = await q<{ p50: string | null; p: number | null; next: string }>(
        `SELECT to_char(stockout_p50, 'YYYY-MM-DD') AS p50, p_stockout_gap AS p,
                to_char(next_arrival_on, 'YYYY-MM-DD') AS next
         FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
        [id, pick!.variant_id],
      );
      return f && f.next === day(Date.now() + 2 * DAY) ? f : null;
    });
    // 400 more units: the likely stockout moves weeks later (or beyond the horizon).
    expect(moved.p50 === null || moved.p50 > day(p50 + 14 * DAY)).toBe(true);
    expect(moved.p!).toBeLessThan(0.1);
    await waitFor("resolved", async () => (await gapNotes()).includes("resolve:sent"));

    // Received in Shopify: nothing on its way any more.
    store.receive(restock);
    await waitFor("received", async () => {
      const [f] = await q<{ incoming: number }>(
        `SELECT incoming FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
        [id, pick!.variant_id],
      );
      const lines = await q(`SELECT 1 FROM inbound_lines WHERE shop_id = $1 AND document_id = $2`, [
        id,
        shipment.id,
      ]);
      return f?.incoming === 0 && lines.length === 0;
    });
    expect(await gapNotes()).toEqual(["open:sent", "resolve:sent"]);
  });

  it("without the transfer scopes, each level's incoming quantity is still netted", async () => {
    const other = await installFromAdmin(env.stack.webUrl, env.stack.db, NO_SCOPE);
    await waitForBackfill(env.stack.db, other);
    await quiet(other);
    const store = env.fake.store(NO_SCOPE);
    const [lines] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_lines WHERE shop_id = $1`,
      [other],
    );
    expect(lines!.n).toBe(0);
    const rows = await q<{ incoming: number; item: string }>(
      `SELECT f.incoming, v.inventory_item_id::text AS item FROM forecasts f
       JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id
       WHERE f.shop_id = $1 AND f.tracked`,
      [other],
    );
    const expected = (item: string) =>
      store.data.locations.reduce((n, l) => n + store.inbound.incomingAt(Number(item), l.id), 0);
    expect(rows.filter((r) => r.incoming !== expected(r.item))).toEqual([]);
    expect(rows.some((r) => r.incoming > 0)).toBe(true);
    // Tenant isolation: the other shop's documents never leak in.
    const [foreign] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_lines WHERE shop_id NOT IN ($1, $2)`,
      [id, other],
    );
    expect(foreign!.n).toBe(0);
  });
});
