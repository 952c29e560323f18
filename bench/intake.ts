// npm run bench:intake — signed ~2 KB orders/create webhooks accepted per second by the real web
// server (HMAC check, session lookup, Postgres insert, BullMQ enqueue), next to a bare node:http
// server answering 200 measured the same way in the same run. Prints the JSON line last.
import { createHmac, randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import pg from "pg";
import { freePort, startProcess, stopProcess, waitFor } from "../tests/support/processes.ts";
import { ensureWebBuild, printResult, productEnv, round, scratchDatabase } from "./support.ts";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SHOP = "bench-shop.myshopify.com";

function orderBody(): string {
  const lines = Array.from({ length: 3 }, (_, i) => ({
    id: 9_000_000 + i,
    variant_id: 8_000_000 + i,
    product_id: 7_000_000,
    title: "Organic cotton T-shirt",
    variant_title: "Medium / Forest green",
    sku: `TEE-M-GRN-${i}`,
    vendor: "Acme Apparel",
    quantity: 1 + i,
    price: "24.00",
    requires_shipping: true,
    taxable: true,
  }));
  const body: Record<string, unknown> = {
    id: 6_000_000,
    name: "#1001",
    created_at: new Date().toISOString(),
    currency: "USD",
    total_price: "144.00",
    email: "customer@example.com",
    customer: { id: 1, email: "customer@example.com", first_name: "Ada", last_name: "Lovelace" },
    shipping_address: { address1: "1 Main St", city: "Springfield", zip: "12345", country: "US" },
    line_items: lines,
  };
  const base = JSON.stringify(body);
  body.note = "x".repeat(Math.max(0, 2048 - base.length - 10));
  return JSON.stringify(body);
}

async function measure(url: string, body: string, hmac: string) {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": hmac,
    },
    // Every delivery gets its own webhook id, or the intake would answer "duplicate" from then on.
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, "x-shopify-webhook-id": randomUUID() },
        }),
      },
    ],
  });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx,
    total: result.requests.total,
  };
}

const db = await scratchDatabase();
ensureWebBuild();
const port = await freePort();
const env = productEnv(db.url, { PORT: String(port), SHOPIFY_API_SECRET: "bench-secret" });
const pool = new pg.Pool({ connectionString: db.url, max: 1 });
await pool.query(`INSERT INTO shops (domain, status) VALUES ($1, 'installed')`, [SHOP]);

const body = orderBody();
const hmac = createHmac("sha256", env.SHOPIFY_API_SECRET!).update(body).digest("base64");

// Baseline: a bare node:http server in its own process, same load generator, same body.
const basePort = await freePort();
const baseline = startProcess("bench/bare-http.ts", { PORT: String(basePort) }, "baseline");
await waitFor(
  "baseline",
  async () => (await fetch(`http://127.0.0.1:${basePort}/`, { method: "POST", body: "x" })).ok,
);
const base = await measure(`http://127.0.0.1:${basePort}/webhooks/orders/create`, body, hmac);
await stopProcess(baseline);

const web = startProcess("server/main.ts", env, "web");
await waitFor("web", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 30_000);
const intake = await measure(`http://127.0.0.1:${port}/webhooks/orders/create`, body, hmac);
await stopProcess(web);

const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events`);
await pool.end();
const redis = new Redis(env.REDIS_URL!);
const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
redis.disconnect();
await db.drop();

console.error(
  `body ${body.length} B, ${CONNECTIONS} connections, ${DURATION} s each; intake answered ${intake.total} (${intake.non2xx} not 2xx), recorded ${rows[0]!.n}`,
);
printResult({
  bench: "intake",
  rps: round(intake.rps, 0),
  baseline_rps: round(base.rps, 0),
  ratio: round(intake.rps / base.rps, 3),
  p50_ms: intake.p50,
  p99_ms: intake.p99,
  baseline_p99_ms: base.p99,
  recorded: rows[0]!.n,
  errors: intake.non2xx,
});
