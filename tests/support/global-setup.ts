// Runs once per `vitest run` of the integration project: checks the services and the web build,
// prepares the migrated template database, and drops everything this run created at the end.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { Redis } from "ioredis";
import { admin, createMigratedDatabase, dropDatabase } from "./databases.ts";

const root = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const built = path.join(root, "build/server/index.js");
  if (!existsSync(built) || newestSource() > statSync(built).mtimeMs) {
    // The web server under test runs the Vite build; a stale build would test old code.
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
      {
        cwd: root,
        stdio: "pipe",
      },
    );
  }
  await admin((c) => c.query("SELECT 1")).catch((err) => {
    throw new Error(`PostgreSQL is not reachable (${err.message}); npm test starts it if it can.`);
  });
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect().catch((err) => {
    throw new Error(`Redis is not reachable (${err.message}); npm test starts it if it can.`);
  });

  const runId = `t${process.pid}${Date.now().toString(36)}`;
  const template = await createMigratedDatabase(root, "radar_tmpl");
  project.provide("templateDb", template);
  project.provide("runId", runId);

  return async () => {
    await dropDatabase(template);
    // Databases cloned by test files that crashed before their own cleanup.
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`radar_test_${runId}_%`],
      );
      for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    });
    const keys = await redis.keys(`${runId}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  };
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of ["app", "domain", "infra", "channels"]) {
    if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  }
  return newest;
}
