// Scheduled maintenance against a real database: retention keeps what is still useful, and the
// daily recompute finds the shops whose forecasts are from before their local yesterday.
import { beforeAll, describe, expect, it } from "vitest";
import { openFileDatabase } from "../support/file-database.ts";
import type { Db } from "../../infra/db.ts";
import { applyRetention, RETENTION } from "../../worker/schedules/retention.ts";
import { shopsDueForDailyRecompute } from "../../worker/schedules/daily-recompute.ts";

let db: Db;
beforeAll(async () => {
  const database = await openFileDatabase(2);
  db = database.db;
  return database.close;
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);

describe("retention", () => {
  it("drops old audit rows and history, keeps recent ones and each series' opening stock", async () => {
    const shop = (
      await q(`INSERT INTO shops (domain) VALUES ('retain.myshopify.com') RETURNING id`)
    ).rows[0].id;
    const old = daysAgo(RETENTION.processedEventsDays + 1);
    await q(
      `INSERT INTO webhook_events (shop, topic, webhook_id, status, received_at) VALUES
         ('retain.myshopify.com', 'orders/create', 'old-processed', 'processed', $1),
         ('retain.myshopify.com', 'orders/create', 'old-failed', 'failed', $1),
         ('retain.myshopify.com', 'orders/create', 'new-processed', 'processed', now()),
         ('retain.myshopify.com', 'orders/create', 'old-received', 'received', $1)`,
      [old],
    );
    const before = RETENTION.dailyHistoryDays;
    await q(
      `INSERT INTO daily_stock (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock) VALUES
         ($1, 1, 0, $2::date, 5, $2, 5, false),
         ($1, 1, 0, $3::date, 4, $3, 4, false),
         ($1, 1, 0, $4::date, 3, $4, 3, false)`,
      [shop, daysAgo(before + 10), daysAgo(before + 5), daysAgo(3)],
    );
    const deleted = await applyRetention(db);
    expect(deleted.webhook_events).toBe(1);
    expect(deleted.webhook_events_failed).toBe(0); // failed events are kept for 90 days
    const left = await q(`SELECT webhook_id FROM webhook_events ORDER BY webhook_id`);
    // An old event never processed is not retention's business: the sweeper still owes it.
    expect(left.rows.map((r) => r.webhook_id)).toEqual([
      "new-processed",
      "old-failed",
      "old-received",
    ]);
    const stock = await q(`SELECT end_available FROM daily_stock WHERE shop_id = $1 ORDER BY day`, [
      shop,
    ]);
    expect(stock.rows.map((r) => r.end_available)).toEqual([4, 3]);
  });
});

describe("daily recompute", () => {
  it("is due for shops whose forecasts predate their local yesterday, and only for them", async () => {
    const ids = (
      await q(`INSERT INTO shops (domain, timezone) VALUES ('stale.myshopify.com', 'Asia/Tokyo'),
                ('fresh.myshopify.com', 'America/Los_Angeles'), ('gone.myshopify.com', 'UTC') RETURNING id`)
    ).rows.map((r) => r.id);
    await q(`UPDATE shops SET status = 'uninstalled' WHERE id = $1`, [ids[2]]);
    const row = (shop: number, asOf: string) =>
      q(
        `INSERT INTO forecasts (shop_id, variant_id, method, as_of, available, velocity, status) VALUES ($1, 1, 'm', $2::date, 1, 0, 'ok')`,
        [shop, asOf],
      );
    await row(ids[0], "2020-01-01");
    await row(ids[1], new Date().toISOString().slice(0, 10));
    await row(ids[2], "2020-01-01");
    expect(await shopsDueForDailyRecompute(db)).toEqual([ids[0]]);
  });
});

describe("maintenance schedule in the worker", () => {
  it("recomputes a shop whose forecasts are from an earlier day as soon as a worker starts", async () => {
    const { startStack, waitFor } = await import("../support/stack.ts");
    const { installShop } = await import("../support/shop.ts");
    const stack = await startStack();
    try {
      const shop = await installShop(stack.webUrl, stack.db, "daily.myshopify.com");
      const count = async (sql: string) => (await stack.db.query(sql, [shop.id])).rowCount;
      await waitFor(
        "first forecasts",
        async () => (await count(`SELECT 1 FROM forecasts WHERE shop_id = $1`)) === 2,
      );
      await stack.db.query(`UPDATE forecasts SET as_of = '2020-01-01' WHERE shop_id = $1`, [
        shop.id,
      ]);
      await stack.stopWorker();
      await stack.startWorker();
      await waitFor(
        "daily recompute",
        async () =>
          (await count(`SELECT 1 FROM forecasts WHERE shop_id = $1 AND as_of > '2020-01-01'`)) ===
          2,
      );
    } finally {
      await stack.close();
    }
  });
});
