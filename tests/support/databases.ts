// Test databases: one migrated template per run, cloned per test file (CREATE DATABASE … TEMPLATE
// is a file copy, far faster than migrating), all dropped at the end of the run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

export const ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

// A new database with every migration applied, named `prefix` plus a unique suffix.
export async function createMigratedDatabase(root: string, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  execFileSync(
    process.execPath,
    [`${root}/node_modules/prisma/build/index.js`, "migrate", "deploy"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: urlFor(name) },
      stdio: "pipe",
    },
  );
  return name;
}

export async function cloneDatabase(template: string, runId: string): Promise<string> {
  const name = uniqueName(`radar_test_${runId}`);
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
