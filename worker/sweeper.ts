// The safety net under the queue. Postgres holds every accepted event; Redis may have lost the
// job (it was down at intake, or restarted without persistence) or a recompute trigger. Every few
// seconds this re-enqueues accepted-but-unprocessed events and re-triggers shops with dirty
// forecasts. Job ids make it idempotent: re-adding a job that is still queued is a no-op.
import type { Queue } from "bullmq";
import type { Db } from "../infra/db.ts";
import type { Logger } from "../infra/log.ts";
import { eventJobId, type EventJob } from "../infra/queues.ts";
import { sweptEvents } from "../infra/metrics.ts";
import { SYNC_JOB, backfillJobOptions, type SyncJobData } from "../infra/sync-jobs.ts";

export type SweepDeps = {
  db: Db;
  log: Logger;
  events: Queue<EventJob>;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  graceMs: number; // leave events this young to the normal path
  // Backfill runs whose job Redis lost (down at install, restarted without persistence).
  sync?: Queue<SyncJobData>;
  syncBackoffMs?: number;
};

// A running backfill writes its heartbeat at least every few seconds (progress, bulk polls).
const STALE_BACKFILL_SECONDS = 120;

export async function sweepOnce(
  d: SweepDeps,
): Promise<{ events: number; shops: number; backfills: number }> {
  const stale = await d.db.pool.query<{
    id: string;
    shop: string;
    topic: string;
    webhook_id: string;
  }>(
    `SELECT id, shop, topic, webhook_id FROM webhook_events
     WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
     ORDER BY id LIMIT 1000`,
    [d.graceMs / 1000],
  );
  if (stale.rows.length > 0) {
    await d.events.addBulk(
      stale.rows.map((r) => ({
        name: r.topic,
        data: { eventId: r.id },
        opts: { jobId: eventJobId(r.shop, r.webhook_id) },
      })),
    );
    sweptEvents.inc(stale.rows.length);
  }
  const dirty = await d.db.pool.query<{ shop_id: number }>(
    `SELECT DISTINCT shop_id FROM forecast_dirty WHERE marked_at < now() - make_interval(secs => $1)`,
    [d.graceMs / 1000],
  );
  for (const r of dirty.rows) await d.triggerRecompute(r.shop_id);
  const backfills = d.sync ? await sweepBackfills(d, d.sync) : 0;
  return { events: stale.rows.length, shops: dirty.rows.length, backfills };
}

// Unfinished backfill runs with no job behind them: still 'queued' after the grace period, or
// gone quiet mid-way. Re-adding under the run's job id is a no-op while its job exists (waiting,
// delayed for a retry, or active), so only lost jobs come back.
async function sweepBackfills(d: SweepDeps, sync: Queue<SyncJobData>): Promise<number> {
  const { rows } = await d.db.pool.query<{ id: string; shop_id: number }>(
    `SELECT r.id, r.shop_id FROM sync_runs r JOIN shops s ON s.id = r.shop_id
     WHERE r.kind = 'backfill' AND r.finished_at IS NULL AND s.status = 'installed'
       AND r.updated_at < now() - make_interval(secs => CASE WHEN r.phase = 'queued' THEN $1::float8 ELSE $2::float8 END)
     ORDER BY r.id LIMIT 100`,
    [d.graceMs / 1000, STALE_BACKFILL_SECONDS],
  );
  for (const r of rows) {
    await sync.add(
      SYNC_JOB.backfill,
      { shopId: r.shop_id, runId: r.id },
      backfillJobOptions(r.id, d.syncBackoffMs ?? 5_000),
    );
  }
  return rows.length;
}

export function startSweeper(d: SweepDeps, intervalMs: number): () => Promise<void> {
  return sweepEvery(intervalMs, () =>
    sweepOnce(d)
      .then(
        (r) => r.events + r.shops + r.backfills > 0 && d.log.info(r, "sweeper re-enqueued work"),
      )
      .catch((err) => d.log.warn({ err: String(err) }, "sweep failed; will retry")),
  );
}

/**
 * Runs `sweep` (which handles its own errors) every interval; a tick that finds the previous run
 * still going is skipped, so slow sweeps never overlap. Stopping waits for the run in flight.
 */
export function sweepEvery(intervalMs: number, sweep: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= sweep().finally(() => (running = null));
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
