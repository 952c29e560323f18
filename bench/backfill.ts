// npm run bench:backfill — how fast ONE worker process backfills a ~50,000-order shop (the
// simulated store's bench preset: ~4,500 variants, 2 locations, 90 days, read_all_orders granted
// so every order is read) through bulk operations, on a standard plan's cost bucket (100 points/s).
// The install is what the web does after its token exchange: the offline session stored (sealed),
// the shop registered, its backfill run created and enqueued; then the worker is started and the
// clock runs until the run is done (forecasts included). Prints the JSON line last.
import "@shopify/shopify-api/adapters/node";
import { loadavg } from "node:os";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createDb, closeDb } from "../infra/db.ts";
import { secretBox } from "../infra/crypto.ts";
import { installShopifyFakeOrigin } from "../infra/fake-origin.ts";
import { QUEUE, jobOptions } from "../infra/queues.ts";
import { SealedSessionStorage } from "../infra/session-storage.ts";
import { onInstalled } from "../app/shops.server.ts";
import { startFakeShopify } from "../tools/fake-shopify/main.ts";
import { STEPS } from "../worker/backfill/progress.ts";
import { freePort, startProcess, stopProcess, waitFor } from "../tests/support/processes.ts";
import { printResult, productEnv, round, scratchDatabase } from "./support.ts";

const SHOP = "bench-gear.myshopify.com";
const API_KEY = "bench-key";
const API_SECRET = "bench-secret";
const PRESET = (process.env.BENCH_PRESET ?? "bench") as "bench" | "demo";

const load = () => loadavg().map((x) => round(x, 2));
const loadBefore = load();

const genStarted = performance.now();
const fake = await startFakeShopify({
  port: 0,
  seed: 42,
  apiKey: API_KEY,
  appSecret: API_SECRET,
  shops: [
    {
      domain: SHOP,
      preset: PRESET,
      scopes: [
        "read_products",
        "read_inventory",
        "read_orders",
        "read_all_orders",
        "read_locations",
      ],
    },
  ],
  webhookTarget: null, // the bulk wake falls back to polling; nothing else would be sent
});
const generatedOrders = fake.store(SHOP).data.orders.length;
console.error(
  `simulated ${PRESET} shop: ${fake.store(SHOP).data.variants.length} variants, ${generatedOrders} orders ` +
    `(generated in ${round((performance.now() - genStarted) / 1000, 1)} s)`,
);
installShopifyFakeOrigin(fake.url);

const scratch = await scratchDatabase();
const env = productEnv(scratch.url, {
  NODE_ENV: "test", // the simulated store is refused in production
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: API_SECRET,
  SHOPIFY_FAKE_ORIGIN: fake.url,
  WORKER_METRICS_PORT: String(await freePort()),
  RECONCILE_EVERY_MS: "3600000",
});

// What the web does on the first authenticated load: token exchange, sealed session, install.
const api = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "bench.example",
  isEmbeddedApp: true,
  scopes: ["read_products"],
  logger: { level: LogSeverity.Error },
});
const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), API_KEY, API_SECRET);
const { session } = await api.auth.tokenExchange({
  shop: SHOP,
  sessionToken: token,
  requestedTokenType: RequestedTokenType.OfflineAccessToken,
  expiring: true,
});
const db = createDb(scratch.url, 2);
await new SealedSessionStorage(db.prisma, secretBox(env.ENCRYPTION_KEY!)).storeSession(session);
const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
const sync = new Queue(QUEUE.sync, {
  connection,
  prefix: env.QUEUE_PREFIX,
  defaultJobOptions: jobOptions(),
});
await onInstalled(db, sync, session, 1_000);

const worker = startProcess("worker/main.ts", env, "worker");
const exited = new Promise<never>((_, reject) =>
  worker.child.once("exit", (code) =>
    reject(new Error(`worker exited (${code}):\n${worker.output()}`)),
  ),
);
const done = waitFor(
  "backfill done",
  async () => {
    const { rows } = await db.pool.query<{
      phase: string;
      error: string | null;
      seconds: number;
      state: { seconds?: Record<string, number> };
      stats: Record<string, number>;
    }>(
      `SELECT phase, error, EXTRACT(EPOCH FROM finished_at - started_at)::float8 AS seconds, state, stats
       FROM sync_runs WHERE kind = 'backfill' AND finished_at IS NOT NULL`,
    );
    return rows[0];
  },
  30 * 60_000,
  250,
);
const run = await Promise.race([done, exited]).catch((err) => {
  console.error(worker.output().slice(-4000));
  throw err;
});
const loadAfter = load();
await stopProcess(worker);
if (run.phase !== "done") {
  console.error(worker.output().slice(-4000));
  throw new Error(`backfill ${run.phase}: ${run.error}`);
}

await sync.obliterate({ force: true }).catch(() => {});
await sync.close();
const keys = await connection.keys(`${env.QUEUE_PREFIX}:*`);
if (keys.length) await connection.del(...keys);
connection.disconnect();
await closeDb(db);
await scratch.drop();
await fake.close();

const steps = Object.fromEntries(
  STEPS.filter((s) => run.state.seconds?.[s] !== undefined).map((s) => [
    s,
    round(run.state.seconds![s]!, 2),
  ]),
);
const orders = run.stats.orders ?? 0;
console.error(`steps (s): ${JSON.stringify(steps)}; stats: ${JSON.stringify(run.stats)}`);
printResult({
  bench: "backfill",
  orders,
  seconds: round(run.seconds, 2),
  orders_per_s: round(orders / run.seconds, 0),
  // What the merchant waits for: everything up to the forecasts (the refund-lines tail follows).
  until_forecasts_s: round(
    STEPS.filter((s) => s !== "refunds").reduce((t, s) => t + (run.state.seconds?.[s] ?? 0), 0),
    2,
  ),
  order_step_orders_per_s: round(orders / (run.state.seconds?.orders ?? run.seconds), 0),
  variants: run.stats.variants,
  steps,
  load_avg_before: loadBefore,
  load_avg_after: loadAfter,
});
