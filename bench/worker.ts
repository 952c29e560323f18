// npm run bench:worker — inventory_levels/update events applied per second by ONE worker process
// (load event, last-writer-wins upsert, stock history per location and total, dirty mark, mark
// processed; forecasts recomputed in the background as they would be). The events are recorded
// and queued first, then the worker starts; the rate is measured between the first and the last
// processed_at timestamps it wrote.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort, startProcess, stopProcess, waitFor } from "../tests/support/processes.ts";
import { printResult, productEnv, round, scratchDatabase } from "./support.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 2_000);
const LOCATIONS = 2;

const db = await scratchDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
const { rows } = await pool.query<{ id: number }>(
  `INSERT INTO shops (domain, status) VALUES ('bench-worker.myshopify.com', 'installed') RETURNING id`,
);
const shopId = rows[0]!.id;
await pool.query(`INSERT INTO products (shop_id, id, title) VALUES ($1, 1, 'Bench product')`, [
  shopId,
]);
await pool.query(
  `INSERT INTO variants (shop_id, id, product_id, title, sku, price, inventory_item_id)
   SELECT $1, 100000 + g, 1, 'V' || g, 'SKU-' || g, 10, 500000 + g FROM generate_series(1, $2) g`,
  [shopId, VARIANTS],
);
await pool.query(
  `INSERT INTO inventory_items (shop_id, id, variant_id) SELECT $1, 500000 + g, 100000 + g FROM generate_series(1, $2) g`,
  [shopId, VARIANTS],
);

// Events as the intake records them: sanitized payloads, status 'received'.
const t0 = Date.now() - EVENTS * 1000;
const payloads = Array.from({ length: EVENTS }, (_, i) => ({
  inventory_item_id: String(500001 + (i % VARIANTS)),
  location_id: String(1 + (Math.floor(i / VARIANTS) % LOCATIONS)),
  available: 50 - (i % 60),
  updated_at: new Date(t0 + i * 1000).toISOString(),
}));
const inserted = await pool.query<{ id: string; webhook_id: string }>(
  `INSERT INTO webhook_events (shop, topic, webhook_id, payload)
   SELECT 'bench-worker.myshopify.com', 'inventory_levels/update', 'wh-' || i, p
   FROM unnest($1::jsonb[]) WITH ORDINALITY AS x(p, i)
   RETURNING id, webhook_id`,
  [payloads.map((p) => JSON.stringify(p))],
);

const env = productEnv(db.url, {
  WORKER_METRICS_PORT: String(await freePort()),
  LOG_LEVEL: "error",
});
const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
const queue = new Queue("events", { connection, prefix: env.QUEUE_PREFIX });
for (let i = 0; i < inserted.rows.length; i += 1000) {
  await queue.addBulk(
    inserted.rows.slice(i, i + 1000).map((r) => ({
      name: "inventory_levels/update",
      data: { eventId: r.id },
      opts: { jobId: `bench-worker.myshopify.com/${r.webhook_id}`, removeOnComplete: true },
    })),
  );
}

const worker = startProcess("worker/main.ts", env, "worker");
await waitFor(
  "all events processed",
  async () => {
    const r = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_events WHERE status = 'processed'`,
    );
    return r.rows[0]!.n >= EVENTS;
  },
  600_000,
  200,
);
const span = await pool.query<{ seconds: number }>(
  `SELECT EXTRACT(EPOCH FROM max(processed_at) - min(processed_at))::float8 AS seconds FROM webhook_events`,
);
await stopProcess(worker);
const levels = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM inventory_levels`);

await queue.obliterate({ force: true });
await queue.close();
const keys = await connection.keys(`${env.QUEUE_PREFIX}:*`);
if (keys.length) await connection.del(...keys);
connection.disconnect();
await pool.end();
await db.drop();

const seconds = span.rows[0]!.seconds;
console.error(
  `${EVENTS} events over ${VARIANTS} variants × ${LOCATIONS} locations; ${levels.rows[0]!.n} levels written`,
);
printResult({
  bench: "worker",
  events: EVENTS,
  seconds: round(seconds, 2),
  events_per_s: round(EVENTS / seconds, 0),
});
