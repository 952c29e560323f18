// One Postgres pool per process, shared by Prisma (typed queries) and raw set-based SQL (hot paths).
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// Raw queries get BIGINT ids back as strings (pg's default); we keep Shopify ids as strings in
// JavaScript and cast with ::bigint in SQL, so no id is ever rounded through a double.
export type Db = { pool: pg.Pool; prisma: PrismaClient };

export function createDb(connectionString: string, max = 5): Db {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server (Postgres restart) emits 'error'; the pool replaces it.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

export async function closeDb(db: Db): Promise<void> {
  await db.prisma.$disconnect().catch(() => {});
  await db.pool.end().catch(() => {});
}

export type Tx = pg.PoolClient;
export type Queryable = Pick<pg.Pool, "query">;

// Runs fn in one transaction on one connection; rolls back on any error. `begin` may ask for
// another isolation level (e.g. a read-only snapshot), or be null when fn's first query string
// starts with BEGIN itself (one round trip less).
export async function withTx<T>(
  pool: pg.Pool,
  fn: (tx: Tx) => Promise<T>,
  begin: string | null = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  try {
    if (begin !== null) await client.query(begin);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
