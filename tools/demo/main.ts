// The local demo (`npm run up` without Shopify credentials): prepares the database, builds the
// web app, and runs web + worker with demo settings until Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
const stateDir = path.join(root, ".demo");
const port = Number(process.env.PORT ?? 3000);
const databaseUrl =
  process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/stockout_radar_demo";

if (process.env.NODE_ENV === "production") {
  console.error("The demo fakes Shopify and refuses to run with NODE_ENV=production.");
  process.exit(1);
}

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

const secrets = demoSecrets();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "development",
  DEMO_MODE: "1",
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: "demo-api-key",
  SHOPIFY_API_SECRET: secrets.apiSecret,
  SHOPIFY_APP_URL: `http://localhost:${port}`,
  ENCRYPTION_KEY: secrets.encryptionKey,
  PORT: String(port),
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

const children: ChildProcess[] = [];
const start = (script: string, extra: Record<string, string> = {}) => {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...env, ...extra },
    stdio: "inherit",
  });
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`${script} exited (${code}); stopping the demo`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
};

start("server/main.ts");
start("worker/main.ts");

let stopping = false;
async function stop(code = 0) {
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) =>
          c.exitCode !== null ? r(null) : (c.once("exit", r), c.kill("SIGTERM")),
        ),
    ),
  );
  process.exit(code);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());

console.log(`
Stockout radar demo is up.
  Web:      http://localhost:${port}          (health: /healthz, metrics: /metrics)
  Worker:   http://localhost:9464/metrics
  Database: ${databaseUrl}
Ctrl-C stops everything.`);
