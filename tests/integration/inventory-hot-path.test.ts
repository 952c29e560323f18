// The inventory hot path sends the updates that reach it together in one round trip, one
// transaction each. Each event must still get its own outcome: a failing one does not take the
// others down, and results are not shuffled between events.
import { beforeAll, describe, expect, it } from "vitest";
import { urlFor } from "../support/databases.ts";
import { openFileDatabase } from "../support/file-database.ts";
import { createDb, closeDb, type Db } from "../../infra/db.ts";
import { createLogger } from "../../infra/log.ts";
import { processEvent } from "../../worker/events/process.ts";

let name: string;
let db: Db;
beforeAll(async () => {
  const database = await openFileDatabase(3);
  ({ name, db } = database);
  return database.close;
});

const log = createLogger("test", "silent");
const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);

async function event(domain: string, webhookId: string, payload: unknown): Promise<string> {
  const { rows } = await q(
    `INSERT INTO webhook_events (shop, topic, webhook_id, payload)
     VALUES ($1, 'inventory_levels/update', $2, $3) RETURNING id`,
    [domain, webhookId, JSON.stringify(payload)],
  );
  return rows[0].id;
}

describe("inventory updates applied together", () => {
  const domain = "hot-path.myshopify.com";
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, s)).toISOString();
  const level = (item: number, location: number, available: number, updatedAt: string) => ({
    inventory_item_id: String(item),
    location_id: String(location),
    available,
    updated_at: updatedAt,
  });
  let shopId: number;

  beforeAll(async () => {
    shopId = (
      await q(`INSERT INTO shops (domain, status) VALUES ($1, 'installed') RETURNING id`, [domain])
    ).rows[0].id;
    await q(`INSERT INTO products (shop_id, id, title) VALUES ($1, 1, 'P')`, [shopId]);
    await q(
      `INSERT INTO variants (shop_id, id, product_id, title, inventory_item_id)
       SELECT $1, 100 + g, 1, 'V' || g, 500 + g FROM generate_series(1, 6) g`,
      [shopId],
    );
    await q(
      `INSERT INTO inventory_items (shop_id, id, variant_id)
       SELECT $1, 500 + g, 100 + g FROM generate_series(1, 6) g`,
      [shopId],
    );
    // Item 501 already has a newer level: its event is kept in history but moves nothing.
    await q(
      `INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
       VALUES ($1, 501, 1, 40, $2)`,
      [shopId, at(59)],
    );
  });

  // All in the same event-loop turn, as concurrent jobs of one worker would be.
  const processTogether = (ids: string[]) =>
    Promise.allSettled(ids.map((id) => processEvent(db, log, id)));

  it("gives each event its own outcome", async () => {
    const ids = [
      await event(domain, "w-older", level(501, 1, 7, at(1))),
      await event(domain, "w-fresh", level(502, 1, 12, at(2))),
      await event(domain, "w-unknown", level(999, 1, 5, at(3))),
      await event(domain, "w-untracked", { ...level(503, 1, 0, at(4)), available: null }),
    ];
    const [older, fresh, unknownItem, untracked] = await processTogether(ids);
    expect(older).toMatchObject({ status: "fulfilled", value: { result: "processed", dirty: 0 } });
    expect(fresh).toMatchObject({
      status: "fulfilled",
      value: { result: "processed", shopId, dirty: 1 },
    });
    expect(unknownItem).toMatchObject({
      status: "fulfilled",
      value: { result: "processed", dirty: 0 },
    });
    // Not for the hot path: the general path handles it in the same call.
    expect(untracked).toMatchObject({
      status: "fulfilled",
      value: { result: "processed", dirty: 1 },
    });
    const levels = await q(
      `SELECT inventory_item_id::int AS item, available FROM inventory_levels
       WHERE shop_id = $1 AND location_id = 1 ORDER BY 1`,
      [shopId],
    );
    expect(levels.rows).toEqual([
      { item: 501, available: 40 },
      { item: 502, available: 12 },
      { item: 999, available: 5 },
    ]);
    // Processing again changes nothing and says so.
    await expect(processEvent(db, log, ids[1]!)).resolves.toMatchObject({ result: "already" });
  });

  it("fails a bad event alone; the events sent with it are applied and still trigger forecasts", async () => {
    const ids = [
      await event(domain, "w-before", level(504, 1, 8, at(10))),
      // Written before validation existed, say: Postgres refuses the timestamp.
      await event(domain, "w-broken", level(505, 1, 3, "yesterday-ish")),
      await event(domain, "w-after", level(506, 2, 9, at(11))),
    ];
    const [before, broken, after] = await processTogether(ids);
    expect(before).toMatchObject({
      status: "fulfilled",
      value: { result: "processed", shopId, dirty: 1 },
    });
    expect(broken?.status).toBe("rejected");
    expect(String((broken as PromiseRejectedResult).reason)).toMatch(/yesterday-ish/);
    expect(after).toMatchObject({
      status: "fulfilled",
      value: { result: "processed", shopId, dirty: 1 },
    });
    const status = await q(
      `SELECT webhook_id, status FROM webhook_events WHERE webhook_id = ANY($1) ORDER BY webhook_id`,
      [["w-before", "w-broken", "w-after"]],
    );
    expect(status.rows).toEqual([
      { webhook_id: "w-after", status: "processed" },
      { webhook_id: "w-before", status: "processed" },
      { webhook_id: "w-broken", status: "received" },
    ]);
    const levels = await q(
      `SELECT inventory_item_id::int AS item, location_id::int AS loc, available
       FROM inventory_levels WHERE shop_id = $1 AND inventory_item_id IN (504, 505, 506) ORDER BY 1`,
      [shopId],
    );
    expect(levels.rows).toEqual([
      { item: 504, loc: 1, available: 8 },
      { item: 506, loc: 2, available: 9 },
    ]);
  });

  it("prepares its statements again when the session lost them", async () => {
    const single = createDb(urlFor(name), 1); // one connection: the one that loses them
    try {
      const warm = await event(domain, "w-warm", level(502, 2, 4, at(20)));
      await expect(processEvent(single, log, warm)).resolves.toMatchObject({ dirty: 1 });
      // As DISCARD ALL would.
      await single.pool.query("DEALLOCATE radar_inventory_lock; DEALLOCATE radar_inventory_apply");

      const id = await event(domain, "w-lost-prepared", level(502, 2, 3, at(21)));
      const first = await processEvent(single, log, id).catch((e: Error) => e);
      // At worst this attempt fails (the job is retried); the retry applies it.
      const outcome = first instanceof Error ? await processEvent(single, log, id) : first;
      expect(outcome).toMatchObject({ result: "processed", shopId, dirty: 1 });
    } finally {
      await closeDb(single);
    }
  });
});
