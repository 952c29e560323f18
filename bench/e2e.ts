// npm run bench:e2e — end-to-end alert latency: from the POST of a signed inventory webhook that
// drops a variant under its low-stock threshold to the alert arriving at the (fake) Discord and
// SendGrid servers, through the real web intake, worker (apply, recompute, rules, delivery) and
// the official clients. Measured under background load: a steady stream of inventory and order
// webhooks that change nothing an alert would report. Prints the JSON line last.
//
// BENCH_EVENTS (1000) alert-producing events at BENCH_ALERT_RATE/s (20), background at
// BENCH_BACKGROUND_RATE/s (200, a quarter of them orders), over BENCH_SHOPS shops (40), with
// BENCH_WORKERS worker processes (1). RECOMPUTE_DEBOUNCE_MS, if set, is passed to the product.
import { createHmac, randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { Agent } from "undici";
import { secretBox } from "../infra/crypto.ts";
import { storeChannel } from "../app/alerts/channels.server.ts";
import { channelSettingsSchema } from "../channels/settings.ts";
import { startFakeDiscord, startFakeSendGrid } from "../tests/fakes/index.ts";
import { freePort, startProcess, stopProcess, waitFor } from "../tests/support/processes.ts";
import {
  ensureWebBuild,
  percentile,
  printResult,
  productEnv,
  round,
  scratchDatabase,
} from "./support.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const ALERT_RATE = Number(process.env.BENCH_ALERT_RATE ?? 20);
const BACKGROUND_RATE = Number(process.env.BENCH_BACKGROUND_RATE ?? 200);
const SHOPS = Number(process.env.BENCH_SHOPS ?? 40);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PER_SHOP = Math.ceil(EVENTS / SHOPS); // alert candidates per shop (each alerts once)
const BACKGROUND_PER_SHOP = 25;
const LOCATION = 1;

const load0 = loadavg();
const db = await scratchDatabase();
ensureWebBuild();
const [webPort, workerPort] = [await freePort(), await freePort()];
const discord = await startFakeDiscord();
const sendgrid = await startFakeSendGrid();
const env = productEnv(db.url, {
  PORT: String(webPort),
  WORKER_METRICS_PORT: String(workerPort),
  SHOPIFY_API_SECRET: "bench-secret",
  LOG_LEVEL: "warn",
  ...(process.env.RECOMPUTE_DEBOUNCE_MS
    ? { RECOMPUTE_DEBOUNCE_MS: process.env.RECOMPUTE_DEBOUNCE_MS }
    : {}),
});
// Delivery goes to the local fakes: test hooks, refused with NODE_ENV=production.
const workerEnv = {
  ...env,
  NODE_ENV: "test",
  DISCORD_API_BASE: `${discord.url}/api`,
  SENDGRID_API_BASE: `${sendgrid.url}/`,
  SENDGRID_API_KEY: `SG.bench-${randomBytes(4).toString("hex")}.${randomBytes(10).toString("hex")}`,
  ALERT_FROM_EMAIL: "alerts@bench.test",
};

// ── A catalog per shop, written directly: candidates (one alert each) and background variants ──
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
const box = secretBox(env.ENCRYPTION_KEY!);
type Variant = { shop: string; shopId: number; id: number; item: number; title: string };
const candidates: Variant[] = [];
const background: Variant[] = [];
const hooks = new Map<string, string>(); // discord webhook id → shop domain
let nextId = 10_000_000;
for (let s = 0; s < SHOPS; s++) {
  const domain = `bench-e2e-${s}.myshopify.com`;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO shops (domain, name, status) VALUES ($1, $2, 'installed') RETURNING id`,
    [domain, `Bench shop ${s}`],
  );
  const shopId = rows[0]!.id;
  const productId = nextId++;
  await pool.query(
    `INSERT INTO products (shop_id, id, title, vendor) VALUES ($1, $2, 'Bench tee', 'Acme')`,
    [shopId, productId],
  );
  const vs: Variant[] = [];
  for (let k = 0; k < PER_SHOP + BACKGROUND_PER_SHOP; k++) {
    const v = { shop: domain, shopId, id: nextId++, item: nextId++, title: `S${s}-V${k}` };
    (k < PER_SHOP ? candidates : background).push(v);
    vs.push(v);
  }
  await pool.query(
    `WITH x AS (SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS x(id, item, title))
     , v AS (INSERT INTO variants (shop_id, id, product_id, title, sku, price, inventory_item_id)
             SELECT $1, id, $5, title, 'SKU-' || title, 20, item FROM x)
     , i AS (INSERT INTO inventory_items (shop_id, id, variant_id) SELECT $1, item, id FROM x)
     INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
     SELECT $1, item, $6, 1000, now() - interval '1 day' FROM x`,
    [
      shopId,
      vs.map((v) => v.id),
      vs.map((v) => v.item),
      vs.map((v) => v.title),
      productId,
      LOCATION,
    ],
  );
  const webhookId = String(1_200_000_000_000_000_000n + BigInt(s));
  const token = randomBytes(51).toString("base64url").slice(0, 68);
  hooks.set(webhookId, domain);
  for (const c of [
    {
      kind: "discord",
      name: "#stock",
      config: { webhookUrl: `https://discord.com/api/webhooks/${webhookId}/${token}` },
    },
    {
      kind: "email",
      name: "Owner",
      config: { recipients: [`owner@${domain}`], sender: { email: `ops@${domain}` } },
    },
  ])
    await storeChannel(pool, box, shopId, channelSettingsSchema.parse(c));
}

// ── The product ──────────────────────────────────────────────────────────────────────────────
const web = startProcess("server/main.ts", env, "web");
const worker = startProcess("worker/main.ts", workerEnv, "worker");
const replicas = Array.from({ length: WORKERS - 1 }, (_, i) =>
  startProcess("worker/main.ts", { ...workerEnv, WORKER_METRICS_PORT: "0" }, `worker-${i + 2}`),
);
await waitFor("web", async () => (await fetch(`http://127.0.0.1:${webPort}/healthz`)).ok, 30_000);
await waitFor(
  "worker",
  async () => (await fetch(`http://127.0.0.1:${workerPort}/healthz`)).ok,
  30_000,
);

const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
let webhookSeq = 0;
let failures = 0;
async function post(shop: string, topic: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(`http://127.0.0.1:${webPort}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": `e2e-${++webhookSeq}`,
      "x-shopify-hmac-sha256": createHmac("sha256", env.SHOPIFY_API_SECRET!)
        .update(body)
        .digest("base64"),
    },
    // @ts-expect-error undici's dispatcher option on the global fetch
    dispatcher,
  }).catch(() => null);
  if (!res || res.status !== 200) failures++;
  await res?.body?.cancel();
}
const level = (v: Variant, available: number) => ({
  inventory_item_id: v.item,
  location_id: LOCATION,
  available,
  updated_at: new Date().toISOString(),
});

// Background: stock wobbling between 900 and 1000 and single-unit orders, never near a threshold.
let backgroundSent = 0;
let lineId = 50_000_000;
function backgroundTick(n: number) {
  for (let i = 0; i < n; i++) {
    const v = background[Math.floor(Math.random() * background.length)]!;
    backgroundSent++;
    if (backgroundSent % 4 === 0) {
      const id = ++lineId;
      void post(v.shop, "orders/create", {
        id,
        created_at: new Date().toISOString(),
        location_id: null,
        line_items: [{ id, variant_id: v.id, product_id: 1, quantity: 1, price: "20.00" }],
      });
    } else
      void post(v.shop, "inventory_levels/update", level(v, 900 + Math.floor(Math.random() * 100)));
  }
}

function every(ratePerS: number, fn: (n: number) => void): () => void {
  const started = Date.now();
  let done = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * ratePerS) - done;
    if (due > 0) {
      done += due;
      fn(due);
    }
  }, 5);
  return () => clearInterval(timer);
}

const stopBackground = every(BACKGROUND_RATE, backgroundTick);
await new Promise((r) => setTimeout(r, 3_000)); // warm up under load

// Alert-producing events: each candidate drops from 1000 to 3 units, once.
const sentAt = new Map<string, number>(); // variant title → POST time
const order = [...candidates].sort(() => Math.random() - 0.5).slice(0, EVENTS);
let next = 0;
const load1 = loadavg();
const stopAlerts = every(ALERT_RATE, (n) => {
  for (let i = 0; i < n && next < order.length; i++) {
    const v = order[next++]!;
    sentAt.set(v.title, Date.now());
    void post(v.shop, "inventory_levels/update", level(v, 3));
  }
});
await waitFor("all alert events sent", async () => next >= order.length, 10 * 60_000, 100);
stopAlerts();

// Arrival of each event's alert at each destination, matched by the variant in the message.
const titleOf = (text: string) => /S\d+-V\d+/.exec(text)?.[0];
const arrivals = () => {
  const discordAt = new Map<string, number>();
  for (const r of discord.requests) {
    const t = titleOf(JSON.stringify(r.json ?? ""));
    if (t && !discordAt.has(t)) discordAt.set(t, r.at);
  }
  const mailAt = new Map<string, number>();
  for (const r of sendgrid.requests) {
    const t = titleOf(String((r.json as { subject?: string } | undefined)?.subject ?? ""));
    if (t && !mailAt.has(t)) mailAt.set(t, r.at);
  }
  return { discordAt, mailAt };
};
await waitFor(
  "every alert delivered",
  async () => {
    const a = arrivals();
    return a.discordAt.size >= EVENTS && a.mailAt.size >= EVENTS;
  },
  60_000,
  200,
).catch((err) => console.error(String(err)));
stopBackground();
const load2 = loadavg();

const { discordAt, mailAt } = arrivals();
const lat = (m: Map<string, number>) =>
  [...sentAt]
    .filter(([t]) => m.has(t))
    .map(([t, at]) => m.get(t)! - at)
    .sort((a, b) => a - b);
const dl = lat(discordAt);
const ml = lat(mailAt);
const all = [...dl, ...ml].sort((a, b) => a - b);
const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
const metric = (name: string) =>
  metrics
    .split("\n")
    .filter((l) => l.startsWith(name) && (l[name.length] === " " || l[name.length] === "{"))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
const recomputes = metric("radar_recompute_runs_total");
const applied = metric("radar_events_applied_total");

// Where the time goes, per alert event, from the timestamps the product wrote on the way.
const stages = await pool.query<{ intake: number; apply: number; evaluate: number }>(
  `SELECT EXTRACT(EPOCH FROM e.received_at) * 1000 AS received, EXTRACT(EPOCH FROM e.processed_at) * 1000 AS processed,
          EXTRACT(EPOCH FROM n.created_at) * 1000 AS notified, v.title,
          (SELECT EXTRACT(EPOCH FROM f.computed_at) * 1000 FROM forecasts f
           WHERE f.shop_id = v.shop_id AND f.variant_id = v.id) AS forecast
   FROM variants v
   JOIN shops s ON s.id = v.shop_id
   JOIN LATERAL (SELECT received_at, processed_at FROM webhook_events e
                 WHERE e.shop = s.domain AND e.topic = 'inventory_levels/update'
                   AND e.payload ->> 'inventory_item_id' = v.inventory_item_id::text
                   AND (e.payload ->> 'available')::int = 3
                 ORDER BY e.id LIMIT 1) e ON true
   JOIN LATERAL (SELECT n.created_at FROM alert_notifications n JOIN alert_episodes ep ON ep.id = n.episode_id
                 WHERE ep.shop_id = v.shop_id AND ep.variant_id = v.id ORDER BY n.id LIMIT 1) n ON true
   WHERE v.title = ANY($1::text[])`,
  [[...sentAt.keys()]],
);
const stage = (pick: (r: Record<string, number | string>) => number) =>
  stages.rows
    .map((r) => pick(r as unknown as Record<string, number | string>))
    .sort((a, b) => a - b);
const firstArrival = (t: string) =>
  Math.min(discordAt.get(t) ?? Infinity, mailAt.get(t) ?? Infinity);
const breakdown = {
  intake: stage((r) => Number(r.received) - sentAt.get(String(r.title))!),
  queue_and_apply: stage((r) => Number(r.processed) - Number(r.received)),
  debounce_and_recompute: stage((r) => Number(r.forecast) - Number(r.processed)),
  rules: stage((r) => Number(r.notified) - Number(r.forecast)),
  delivery: stage((r) => firstArrival(String(r.title)) - Number(r.notified)),
};

await Promise.all([web, worker, ...replicas].map((p) => stopProcess(p)));
const dupes = await pool.query<{ n: number }>(
  `SELECT count(*)::int AS n FROM (SELECT episode_id, step, channel_id FROM alert_notifications
   GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
);
await pool.end();
await Promise.all([discord.close(), sendgrid.close(), dispatcher.close()]);
const redis = new Redis(env.REDIS_URL!);
const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
redis.disconnect();
await db.drop();

const la = (l: number[]) => l.map((x) => round(x, 2)).join(" ");
console.error(
  [
    `${EVENTS} alert events at ${ALERT_RATE}/s over ${SHOPS} shops, ${WORKERS} worker(s), debounce ${env.RECOMPUTE_DEBOUNCE_MS ?? "100 (default)"} ms, background ${BACKGROUND_RATE}/s (${backgroundSent} sent; the first worker applied ${applied} events in ${recomputes} recomputes); ${failures} webhook answers not 200`,
    `delivered: Discord ${dl.length}/${EVENTS}, email ${ml.length}/${EVENTS}; duplicate notifications: ${dupes.rows[0]!.n}`,
    `Discord p50 ${percentile(dl, 50)} ms p90 ${percentile(dl, 90)} p99 ${percentile(dl, 99)} max ${dl.at(-1)}; email p50 ${percentile(ml, 50)} p90 ${percentile(ml, 90)} p99 ${percentile(ml, 99)} max ${ml.at(-1)}`,
    `stages (p50/p99 ms): ${Object.entries(breakdown)
      .map(([k, v]) => `${k} ${round(percentile(v, 50), 0)}/${round(percentile(v, 99), 0)}`)
      .join(", ")}`,
    `load average (1/5/15 min): before ${la(load0)}, at start ${la(load1)}, at end ${la(load2)}`,
  ].join("\n"),
);
printResult({
  bench: "e2e",
  events: EVENTS,
  p50_ms: percentile(all, 50),
  p99_ms: percentile(all, 99),
  discord_p99_ms: percentile(dl, 99),
  email_p99_ms: percentile(ml, 99),
  delivered: all.length,
  background_per_s: BACKGROUND_RATE,
  load_avg_1m: round(load2[0]!, 2),
});
