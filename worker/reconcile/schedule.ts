// Each installed shop's reconciliation schedule (a BullMQ job scheduler on the sync queue):
// created when its backfill completes, re-ensured at every worker start (idempotent: an existing
// scheduler keeps its next run), removed with the shop's waiting sync jobs when it uninstalls.
import type { Queue } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import {
  SYNC_JOB,
  reconcileOffsetMs,
  reconcileSchedulerId,
  type SyncJobData,
} from "../../infra/sync-jobs.ts";

export type ReconcileSchedules = {
  ensure(shopId: number): Promise<void>;
  stop(shopId: number): Promise<{ scheduler: boolean; jobs: number }>;
};

export function reconcileSchedules(sync: Queue<SyncJobData>, everyMs: number): ReconcileSchedules {
  return {
    async ensure(shopId) {
      await sync.upsertJobScheduler(
        reconcileSchedulerId(shopId),
        { every: everyMs, offset: reconcileOffsetMs(shopId, everyMs) },
        {
          name: SYNC_JOB.reconcile,
          data: { shopId },
          // The next sweep comes soon enough: a failed one is recorded, not retried.
          opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 1_000 } },
        },
      );
    },
    async stop(shopId) {
      const scheduler = await sync.removeJobScheduler(reconcileSchedulerId(shopId));
      // Waiting and delayed sync jobs of the shop (a queued backfill, an on-demand sweep); a
      // running one notices the uninstall at its next checkpoint.
      let jobs = 0;
      for (const job of await sync.getJobs(["waiting", "delayed", "prioritized", "paused"])) {
        if (job?.data?.shopId === shopId) {
          await job.remove().then(
            () => jobs++,
            () => {}, // taken by a worker meanwhile
          );
        }
      }
      return { scheduler, jobs };
    },
  };
}

/** At worker start: every installed shop whose backfill is done has its schedule. */
export async function ensureAllSchedules(
  db: Db,
  schedules: ReconcileSchedules,
  log: Logger,
): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT id FROM shops WHERE status = 'installed' AND backfill_phase = 'done' ORDER BY id`,
  );
  for (const r of rows) {
    await schedules
      .ensure(r.id)
      .catch((err) =>
        log.warn({ shopId: r.id, err: String(err) }, "could not ensure reconciliation schedule"),
      );
  }
  return rows.length;
}
