// Starts the real product for a test file: the built web server and the worker as child
// processes (exactly what `npm start` / `npm run worker` run), on a fresh database cloned from
// the run's template and a Redis key prefix of their own.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { cloneDatabase, dropDatabase, urlFor } from "./databases.ts";
import { freePort, startProcess, stopProcess, waitFor, type Proc } from "./processes.ts";

export { freePort, startProcess, stopProcess, waitFor, type Proc };

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
  const webDatabaseUrl = opts.pgProxyPort
    ? databaseUrl.replace(":5432/", `:${opts.pgProxyPort}/`)
    : databaseUrl;
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
  await waitFor("web health", async () => (await fetch(`${webUrl}/healthz`)).ok, 20_000).catch(
    (err) => {
      throw new Error(`${err.message}\n--- web output ---\n${web.output()}`);
    },
  );
  // An idle client can hear "terminating connection" while the pool ends and the database is
  // dropped WITH (FORCE); without a listener the pool rethrows it as an uncaught exception and
  // fails the run. Queries still reject as usual.
  const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  db.on("error", () => {});
  const stack: Stack = {
    webUrl,
    workerUrl,
    databaseUrl,
    queuePrefix,
    env,
    db,
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
