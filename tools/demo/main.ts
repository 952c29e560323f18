// The local demo (`npm run up` without Shopify credentials): prepares the database, builds the web
// app, starts the simulated Shopify store (in this process) and web + worker pointed at it,
// installs the demo shop through the app's real auth code (a session token exchanged at the
// simulated store), follows the backfill, then keeps the shop trading — live sales, restocks,
// cancellations and refunds arrive as signed webhooks — until Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startFakeShopify } from "../fake-shopify/main.ts";
import { followBackfill, openAppAsAdmin } from "./install.ts";
import { resetDemoShop } from "./reset-shop.ts";
import { STEPS } from "../../worker/backfill/progress.ts";

const root = path.resolve(import.meta.dirname, "../..");
const stateDir = path.join(root, ".demo");
const port = Number(process.env.PORT ?? 3000);
const workerPort = Number(process.env.WORKER_METRICS_PORT ?? 9464);
const databaseUrl =
  process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/stockout_radar_demo";
const DEMO_SHOP = "demo-gear.myshopify.com";
const API_KEY = "demo-api-key";
// Simulated seconds per real second: at 360 a simulated day of trading takes 4 minutes.
const LIVE_SPEED = Number(process.env.DEMO_LIVE_SPEED ?? 360);

if (process.env.NODE_ENV === "production") {
  console.error("The demo fakes Shopify and refuses to run with NODE_ENV=production.");
  process.exit(1);
}

const say = (line: string) => console.log(`[demo] ${line}`);

// Secrets the demo invents once and keeps, so restarts can still read what they encrypted.
function demoSecrets(): { apiSecret: string; encryptionKey: string } {
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const s = {
    apiSecret: randomBytes(24).toString("hex"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, JSON.stringify(s), { mode: 0o600 });
  return s;
}

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  if (!rowCount) await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    p.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`)),
    );
  });
}

async function waitHealthy(what: string, url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const secrets = demoSecrets();
const appUrl = `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "development",
  DEMO_MODE: "1",
  // The library's bounce page (expired session token → reload) loads App Bridge from here: the
  // demo's local stand-in instead of Shopify's CDN.
  APP_BRIDGE_URL: "/demo/app-bridge.js",
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: API_KEY,
  SHOPIFY_API_SECRET: secrets.apiSecret,
  SHOPIFY_APP_URL: appUrl,
  ENCRYPTION_KEY: secrets.encryptionKey,
  PORT: String(port),
  WORKER_METRICS_PORT: String(workerPort),
  // Its own key space: a development worker on the same Redis must not take the demo's jobs.
  QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? "radar_demo",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

await ensureDatabase(databaseUrl);
await run(
  process.execPath,
  [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
  env,
);
await run(
  process.execPath,
  [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
  env,
);

// The simulated store sends its webhooks to our intake, signed with the app secret.
const fake = await startFakeShopify({
  port: Number(process.env.DEMO_SHOPIFY_PORT ?? 0),
  seed: 42,
  shops: [DEMO_SHOP],
  apiKey: API_KEY,
  appSecret: secrets.apiSecret,
  webhookTarget: `http://127.0.0.1:${port}/webhooks`,
  live: { speed: LIVE_SPEED },
});
fake.live(DEMO_SHOP).stop(); // trading starts once the shop is installed and backfilled
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  fake.live(DEMO_SHOP).stop();
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) =>
          c.exitCode !== null ? r(null) : (c.once("exit", r), c.kill("SIGTERM")),
        ),
    ),
  );
  await fake.close().catch(() => {});
  await db.end().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

say(`simulated Shopify store ${DEMO_SHOP} at ${fake.url}`);

if (await resetDemoShop(db, DEMO_SHOP)) {
  say("the simulated store starts afresh: the demo shop's earlier copy was reset (settings kept)");
}

const start = (script: string) => {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...env, SHOPIFY_FAKE_ORIGIN: fake.url },
    stdio: "inherit",
  });
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${script} exited (${code}); stopping the demo`);
      void stop(1);
    }
  });
  children.push(child);
};
start("server/main.ts");
start("worker/main.ts");
await waitHealthy("web", `${appUrl}/healthz`);
if (workerPort) await waitHealthy("worker", `http://localhost:${workerPort}/healthz`);

say(
  `installing ${DEMO_SHOP}: opening the app as the Shopify admin would (session token → token exchange)`,
);
const status = await openAppAsAdmin(appUrl, DEMO_SHOP, {
  apiKey: API_KEY,
  apiSecret: secrets.apiSecret,
});
if (status >= 500) throw new Error(`the app answered ${status} to the install`);
const report = await followBackfill(db, DEMO_SHOP, say);
const steps = STEPS.filter((step) => report.steps[step] !== undefined)
  .map((step) => `${step} ${report.steps[step]!.toFixed(2)}s`)
  .join(", ");
say(
  `backfill done in ${report.seconds.toFixed(1)}s (${steps}): ${report.stats.variants} variants, ` +
    `${report.stats.orders} orders, ${report.stats.forecasts} forecasts`,
);

fake.live(DEMO_SHOP).start();
say(
  `live trading started (${LIVE_SPEED}× real time): sales, restocks, cancellations, refunds as webhooks`,
);

const simulatedAdmin = await fetch(`${appUrl}/demo`, { redirect: "manual" }).then(
  (r) => r.status !== 404,
  () => false,
);
console.log(`
Stockout radar demo is up.
${simulatedAdmin ? `  Dashboard: ${appUrl}/demo   (the simulated Shopify admin opens the embedded app)\n` : ""}  Web:       ${appUrl}/healthz · ${appUrl}/metrics
  Worker:    http://localhost:${workerPort}/healthz · http://localhost:${workerPort}/metrics
  Shopify:   ${fake.url}/__fake/shops   (simulated store; POST …/__fake/shops/${DEMO_SHOP}/drop-webhooks to lose one)
  Database:  ${databaseUrl}
Ctrl-C stops everything.`);
