// npm run bench:accuracy [-- --variants N --days D]
// The forecast accuracy tracker's costs on a scratch database: a shop of N variants with D days
// of sales history (some out-of-stock spells), then
// - replay: the install replay (weekly origins, batches of 2,000), wall and this process's CPU;
// - snapshot: writing one day's snapshot rows for every variant (the daily recompute's extra);
// - score: the daily scoring job once those rows' week has passed;
// - storage: bytes per kept snapshot row (table + index), and what 100,000 variants × the
//   retention come to.
// Prints {"bench":"accuracy",…} last, with the 100,000-variant replay extrapolated linearly from
// this run (the replay is per batch of 2,000 variants: nothing in it grows with the shop).
import { parseArgs } from "node:util";
import { withTx, createDb, closeDb } from "../infra/db.ts";
import { createLogger } from "../infra/log.ts";
import { addDays, dayInZone } from "../domain/forecast/index.ts";
import { SNAPSHOT_RETENTION_DAYS } from "../domain/accuracy/index.ts";
import { replayShop } from "../worker/accuracy/replay.ts";
import { scoreShop } from "../worker/accuracy/score-job.ts";
import { insertSnapshots } from "../worker/accuracy/snapshots.ts";
import { printResult, round, scratchDatabase } from "./support.ts";

const { values } = parseArgs({
  options: {
    variants: { type: "string", default: "10000" },
    days: { type: "string", default: "182" },
  },
});
const variants = Number(values.variants);
const days = Number(values.days);

const scratch = await scratchDatabase();
const db = createDb(scratch.url, 3);
const log = createLogger("bench", "warn");
try {
  const now = new Date();
  const today = dayInZone(now, "UTC");
  const start = addDays(today, -days);
  const t0 = performance.now();
  const shop = await seedShop(start, addDays(today, -1));
  const seedSeconds = (performance.now() - t0) / 1000;

  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const stats = await replayShop(db, shop, log, now);
  const replaySeconds = (performance.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const replayCpu = (cpu.user + cpu.system) / 1e6;

  // One day's snapshot for every variant, as the recompute writes it (a day not replayed).
  const day = addDays(today, -2);
  const { rows: ids } = await db.pool.query<{ id: string }>(
    `SELECT id FROM variants WHERE shop_id = $1 ORDER BY id`,
    [shop],
  );
  const w1 = performance.now();
  for (let i = 0; i < ids.length; i += 2_000) {
    await withTx(db.pool, (tx) =>
      insertSnapshots(
        tx,
        shop,
        ids.slice(i, i + 2_000).map((r) => ({
          replayed: false,
          snapshot: {
            variantId: r.id,
            day,
            demandClass: "smooth",
            available: 40,
            demand7: { mean: 7, p10: 3, p90: 12 },
            demand30: { mean: 30, p10: 20, p90: 41 },
            stockoutDays: 40,
            seedRate: 1,
            scored7: false,
            scored30: false,
          },
        })),
      ),
    );
  }
  const snapshotSeconds = (performance.now() - w1) / 1000;

  // A week and a day of grace later, that day's 7-day periods are due.
  const w2 = performance.now();
  const scored = await scoreShop(db, shop, new Date(now.getTime() + 8 * 86_400_000));
  const scoreSeconds = (performance.now() - w2) / 1000;

  const { rows: size } = await db.pool.query<{ bytes: string; n: string }>(
    `SELECT pg_total_relation_size('forecast_snapshots') AS bytes, (SELECT count(*) FROM forecast_snapshots) AS n`,
  );
  const bytesPerRow = Number(size[0]!.bytes) / Math.max(1, Number(size[0]!.n));
  const scale = 100_000 / variants;
  printResult({
    bench: "accuracy",
    variants,
    days,
    seedSeconds: round(seedSeconds, 1),
    origins: stats?.origins,
    replayForecasts: stats?.forecasts,
    replaySeconds: round(replaySeconds),
    replayCpuSeconds: round(replayCpu),
    snapshotSeconds: round(snapshotSeconds),
    scoreSeconds: round(scoreSeconds),
    scored: scored.scored,
    bytesPerSnapshotRow: Math.round(bytesPerRow),
    at100k: {
      replaySeconds: round(replaySeconds * scale, 0),
      snapshotSecondsPerDay: round(snapshotSeconds * scale, 1),
      scoreSecondsPerDay: round(scoreSeconds * scale, 1),
      snapshotsMiB: Math.round((bytesPerRow * 100_000 * SNAPSHOT_RETENTION_DAYS) / 2 ** 20),
    },
  });
} finally {
  await closeDb(db);
  await scratch.drop();
}

// A shop in UTC: N variants of one of 50 products, sales on a random share of days with a
// weekday rhythm, 10% of variants out of stock for a spell, stock known from the first day.
async function seedShop(from: string, to: string): Promise<number> {
  const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);
  const { rows } = await q(
    `INSERT INTO shops (domain, timezone) VALUES ('bench-accuracy.myshopify.com', 'UTC') RETURNING id`,
  );
  const shop = rows[0].id as number;
  await q(
    `INSERT INTO products (shop_id, id, title, product_type)
     SELECT $1, p, 'Product ' || p, 'Type ' || (p % 5) FROM generate_series(1, 50) p`,
    [shop],
  );
  await q(
    `INSERT INTO variants (shop_id, id, product_id, title, price, inventory_item_id, created_at)
     SELECT $1, v, 1 + v % 50, 'Variant ' || v, 20, v, $2::date FROM generate_series(1, $3::int) v`,
    [shop, from, variants],
  );
  await q(
    `INSERT INTO inventory_items (shop_id, id, variant_id) SELECT $1, v, v FROM generate_series(1, $2::int) v`,
    [shop, variants],
  );
  await q(
    `INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
     SELECT $1, v, 1, (v * 7919) % 200, now() FROM generate_series(1, $2::int) v`,
    [shop, variants],
  );
  // Per variant a sale probability (0.03–0.9) and size (1–4); weekends busier.
  await q(
    `INSERT INTO daily_sales (shop_id, variant_id, day, units)
     SELECT $1, v, d, 1 + floor(random() * (1 + v % 4))::int
     FROM generate_series(1, $2::int) v, generate_series($3::date, $4::date, interval '1 day') d
     WHERE random() < (0.03 + (v * 37 % 100) / 115.0) * CASE WHEN extract(dow FROM d) IN (0, 6) THEN 1.3 ELSE 0.9 END`,
    [shop, variants, from, to],
  );
  await q(
    `INSERT INTO daily_stock (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
     SELECT $1, v, 0, $3::date - 1, 500, $3::date, 500, false FROM generate_series(1, $2::int) v`,
    [shop, variants, from],
  );
  await q(
    `INSERT INTO daily_stock (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
     SELECT $1, v, 0, $3::date + (v * 13) % ($4::date - $3::date - 10) + k, CASE WHEN k < 6 THEN 0 ELSE 500 END,
            $3::date, 0, k < 6
     FROM generate_series(1, $2::int) v, generate_series(0, 6) k WHERE v % 10 = 0`,
    [shop, variants, from, to],
  );
  await q(`ANALYZE`);
  return shop;
}
