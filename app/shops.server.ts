// Install: the first authenticated load after Shopify installs the app (token exchange → afterAuth)
// records the shop and asks the worker for its history backfill — exactly once per install, even
// when several first loads race, and again after an uninstall/reinstall.
import type { Queue } from "bullmq";
import { withTx, type Db, type Queryable } from "../infra/db.ts";
import { env } from "../infra/env.ts";
import { SYNC_JOB, backfillJobOptions, type SyncJobData } from "../infra/sync-jobs.ts";

export async function registerShop(
  db: Queryable,
  domain: string,
  scopes: string | null,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO shops (domain, scopes, status, installed_at, updated_at)
     VALUES ($1, $2, 'installed', now(), now())
     ON CONFLICT (domain) DO UPDATE
       SET scopes = EXCLUDED.scopes, status = 'installed', uninstalled_at = NULL, updated_at = now(),
           installed_at = CASE WHEN shops.status = 'installed' THEN shops.installed_at ELSE now() END
     RETURNING id`,
    [domain, scopes],
  );
  return rows[0]!.id;
}

// Creates the install's backfill run unless one exists since the shop was (re)installed.
// Returns the run id when this call created it.
export async function createBackfillRun(db: Db, shopId: number): Promise<string | null> {
  return withTx(db.pool, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('backfill'), $1)`, [shopId]);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO sync_runs (shop_id, kind, phase)
       SELECT s.id, 'backfill', 'queued' FROM shops s
       WHERE s.id = $1 AND NOT EXISTS (
         SELECT 1 FROM sync_runs r WHERE r.shop_id = s.id AND r.kind = 'backfill' AND r.started_at >= s.installed_at)
       RETURNING id`,
      [shopId],
    );
    if (rows[0]) {
      await tx.query(
        `UPDATE shops SET backfill_phase = 'queued', backfill_pct = 0, backfill_error = NULL, backfill_at = now()
         WHERE id = $1`,
        [shopId],
      );
    }
    return rows[0]?.id ?? null;
  });
}

export async function onInstalled(
  db: Db,
  sync: Queue<SyncJobData>,
  session: { shop: string; scope?: string | undefined },
  backoffMs: number = env().SYNC_BACKOFF_MS,
): Promise<void> {
  const shopId = await registerShop(db.pool, session.shop, session.scope ?? null);
  const runId = await createBackfillRun(db, shopId);
  // The run row is the record; if Redis is down now, the worker's sweeper enqueues queued runs.
  if (runId) {
    await sync
      .add(SYNC_JOB.backfill, { shopId, runId }, backfillJobOptions(runId, backoffMs))
      .catch(() => {});
  }
}
