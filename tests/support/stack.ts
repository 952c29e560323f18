// Starts the real product for a test file: the built web server and the worker as child
// processes (exactly what `npm start` / `npm run worker` run), on a fresh database cloned from
// the run's template and a Redis key prefix of their own.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { cloneDatabase, dropDatabase, urlFor } from "./databases.ts";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Proc = { child: ChildProcess; output: () => string };

export function startProcess(script: string, env: Record<string, string>, name: string): Proc {
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  if (process.env.STACK_DEBUG) child.stdout!.pipe(process.stderr), child.stderr!.pipe(process.stderr);
  child.on("exit", (code, signal) => {
    if (process.env.STACK_DEBUG) console.error(`[${name}] exited code=${code} signal=${signal}`);
  });
  return { child, output: () => out };
}

export async function stopProcess(p: Proc, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  return new Promise((resolve) => {
    p.child.once("exit", (code) => resolve(code));
    p.child.kill(signal);
  });
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export type Stack = {
  webUrl: string;
  workerUrl: string;
  databaseUrl: string;
  queuePrefix: string;
  env: Record<string, string>;
  db: pg.Pool;
  web: Proc;
  worker: Proc;
  startWorker: (extra?: Record<string, string>) => Promise<Proc>;
  stopWorker: (signal?: NodeJS.Signals) => Promise<number | null>;
  metric: (name: string) => Promise<number>;
  close: () => Promise<void>;
};

export const TEST_SECRET = API_SECRET_KEY;

export async function startStack(
  opts: { env?: Record<string, string>; worker?: boolean; pgProxyPort?: number } = {},
): Promise<Stack> {
  const database = await cloneDatabase(inject("templateDb"), inject("runId"));
  const databaseUrl = urlFor(database);
  // The web process can be sent through a proxy the test may cut; the worker and the test's own
  // pool always reach Postgres directly.
  const webDatabaseUrl = opts.pgProxyPort ? databaseUrl.replace(":5432/", `:${opts.pgProxyPort}/`) : databaseUrl;
  const [webPort, workerPort] = [await freePort(), await freePort()];
  const queuePrefix = `${inject("runId")}${randomBytes(3).toString("hex")}`;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: queuePrefix,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET_KEY,
    SHOPIFY_APP_URL: `http://127.0.0.1:${webPort}`,
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PORT: String(webPort),
    WORKER_METRICS_PORT: String(workerPort),
    SWEEP_INTERVAL_MS: "500",
    RECOMPUTE_DEBOUNCE_MS: "100",
    ...opts.env,
  };
  const webUrl = `http://127.0.0.1:${webPort}`;
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const web = startProcess("server/main.ts", { ...env, DATABASE_URL: webDatabaseUrl }, "web");
  const launchWorker = async (extra: Record<string, string> = {}) => {
    const p = startProcess("worker/main.ts", { ...env, ...extra }, "worker");
    if (!extra.WORKER_METRICS_PORT || extra.WORKER_METRICS_PORT === env.WORKER_METRICS_PORT) {
      await waitFor("worker health", async () => (await fetch(`${workerUrl}/healthz`)).ok, 20_000);
    }
    return p;
  };
  await waitFor("web health", async () => (await fetch(`${webUrl}/healthz`)).ok, 20_000).catch((err) => {
    throw new Error(`${err.message}\n--- web output ---\n${web.output()}`);
  });
  const stack: Stack = {
    webUrl,
    workerUrl,
    databaseUrl,
    queuePrefix,
    env,
    db: new pg.Pool({ connectionString: databaseUrl, max: 3 }),
    web,
    worker: opts.worker === false ? (undefined as unknown as Proc) : await launchWorker(),
    async startWorker(extra) {
      stack.worker = await launchWorker(extra);
      return stack.worker;
    },
    stopWorker: (signal) => stopProcess(stack.worker, signal),
    async metric(name) {
      const text = await (await fetch(`${workerUrl}/metrics`)).text();
      let sum = 0;
      for (const line of text.split("\n")) {
        if (line.startsWith(name) && (line[name.length] === " " || line[name.length] === "{")) {
          sum += Number(line.slice(line.lastIndexOf(" ") + 1));
        }
      }
      return sum;
    },
    async close() {
      await Promise.all([stopProcess(web), stack.worker ? stopProcess(stack.worker) : null]);
      await stack.db.end();
      await dropDatabase(database);
    },
  };
  return stack;
}
