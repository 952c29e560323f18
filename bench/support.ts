// What the benches share: a scratch database migrated from scratch, the product's processes,
// and printing the result as the last line.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createMigratedDatabase, dropDatabase, urlFor } from "../tests/support/databases.ts";

export const root = path.resolve(import.meta.dirname, "..");

export async function scratchDatabase(): Promise<{
  name: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const name = await createMigratedDatabase(root, "radar_bench");
  return { name, url: urlFor(name), drop: () => dropDatabase(name) };
}

export function ensureWebBuild(): void {
  if (existsSync(path.join(root, "build/server/index.js"))) return;
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: "pipe",
    },
  );
}

export function productEnv(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `bench${randomBytes(3).toString("hex")}`,
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...extra,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function printResult(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}
