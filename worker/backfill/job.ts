// The sync queue's "backfill" job: one install's history, resumable. What can go wrong ends in
// one of four places:
// - the worker stops (deploy, Ctrl-C): the job goes back to the queue at once without spending an
//   attempt, and the next worker resumes from the run's cursor;
// - the shop was uninstalled meanwhile: the run is marked cancelled, nothing is retried;
// - Shopify or Postgres failed: the reason is recorded (sync_runs.error, shops.backfill_error) and
//   BullMQ retries with back-off; the last attempt marks the run failed;
// - Shopify refused us for good (token revoked and not refreshable, access denied): failed now.
import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { ShopifyAdminError } from "../../infra/shopify-admin.ts";
import { isLastAttempt } from "../../infra/queues.ts";
import type { BackfillJobData } from "../../infra/sync-jobs.ts";
import { NoSessionError, type ShopifySessions } from "../shopify-session.ts";
import type { BulkWake } from "./bulk-wake.ts";
import { BackfillCancelled, type BackfillContext } from "./context.ts";
import { RunProgress, recordRunError, type BackfillState, type BackfillStats } from "./progress.ts";
import { runBackfill } from "./run.ts";
import { shopGone } from "./shop-gone.ts";

export type BackfillDeps = {
  db: Db;
  log: Logger;
  sessions: ShopifySessions;
  wake: BulkWake;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  /** Called when a backfill completed: the shop's reconciliation schedule starts. */
  onCompleted: (shopId: number) => Promise<void>;
  /** Aborted when the worker shuts down. */
  stopping: AbortSignal;
  batchSize?: number;
};

type RunRow = {
  domain: string;
  status: string;
  timezone: string;
  state: Partial<BackfillState>;
  stats: BackfillStats;
  finished_at: Date | null;
};

const CHECK_EVERY_MS = 1_000;

export function backfillProcessor(d: BackfillDeps) {
  return async (job: Job<BackfillJobData>, token?: string): Promise<string> => {
    const { shopId, runId } = job.data;
    const { rows } = await d.db.pool.query<RunRow>(
      `SELECT s.domain, s.status, s.timezone, r.state, r.stats, r.finished_at
       FROM sync_runs r JOIN shops s ON s.id = r.shop_id
       WHERE r.shop_id = $1 AND r.id = $2 AND r.kind = 'backfill'`,
      [shopId, runId],
    );
    const run = rows[0];
    if (!run) return "gone"; // the shop was redacted
    if (run.finished_at) return "already";
    const log = d.log.child({ shop: run.domain, shopId, runId, jobId: job.id });
    if (run.status !== "installed") {
      await recordRunError(d.db.pool, shopId, runId, "the shop uninstalled the app", "cancelled");
      return "cancelled";
    }

    const progress = new RunProgress(d.db.pool, shopId, runId, run.state ?? {}, run.stats ?? {});
    const attempt = `attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}`;
    try {
      const { admin } = await d.sessions.adminFor(run.domain, { log });
      let lastCheck = 0;
      const ctx: BackfillContext = {
        db: d.db,
        log,
        admin,
        wake: d.wake,
        shop: { id: shopId, domain: run.domain, timezone: run.timezone },
        runId,
        progress,
        signal: d.stopping,
        triggerRecompute: d.triggerRecompute,
        batchSize: d.batchSize ?? 2_000,
        async checkpoint() {
          d.stopping.throwIfAborted();
          if (Date.now() - lastCheck < CHECK_EVERY_MS) return;
          lastCheck = Date.now();
          const r = await d.db.pool.query<{ status: string; finished: boolean }>(
            `SELECT s.status, r.finished_at IS NOT NULL AS finished
             FROM shops s JOIN sync_runs r ON r.shop_id = s.id WHERE s.id = $1 AND r.id = $2`,
            [shopId, runId],
          );
          const now = r.rows[0];
          if (!now || now.status !== "installed" || now.finished)
            throw new BackfillCancelled("the shop uninstalled the app");
        },
      };
      log.info({ attempt, resumeAfter: progress.state.done }, "backfill starting");
      await runBackfill(ctx);
      await d
        .onCompleted(shopId)
        .catch((err) =>
          log.warn(
            { err: String(err) },
            "could not schedule reconciliation; the worker start ensures it",
          ),
        );
      return "done";
    } catch (err) {
      if (d.stopping.aborted) {
        // Not a failure: hand the job back for the next worker, keeping its attempts.
        log.info({ step: progress.state.done.length }, "backfill paused: worker stopping");
        await job.moveToDelayed(Date.now() + 500, token);
        throw new DelayedError();
      }
      if (err instanceof BackfillCancelled || (await shopGone(d.db.pool, shopId))) {
        await recordRunError(d.db.pool, shopId, runId, "the shop uninstalled the app", "cancelled");
        log.info("backfill cancelled: shop uninstalled");
        return "cancelled";
      }
      const reason = `${progress.phaseName}: ${describe(err)}`;
      if (isFinal(err) || isLastAttempt(job)) {
        await recordRunError(d.db.pool, shopId, runId, reason, "failed");
        log.error({ err: String(err), attempt }, "backfill failed");
        throw new UnrecoverableError(reason);
      }
      await recordRunError(d.db.pool, shopId, runId, `${reason} (${attempt}; retrying)`, false);
      log.warn({ err: String(err), attempt }, "backfill attempt failed; will retry");
      throw err;
    }
  };
}

// Failures another attempt cannot fix.
function isFinal(err: unknown): boolean {
  if (err instanceof NoSessionError) return true;
  if (!(err instanceof ShopifyAdminError)) return false;
  if (err.kind === "auth") return true;
  if (err.kind === "graphql")
    return err.code !== "THROTTLED" && err.code !== "INTERNAL_SERVER_ERROR";
  return err.kind === "bulk" && err.code === "ACCESS_DENIED";
}

function describe(err: unknown): string {
  if (err instanceof ShopifyAdminError) {
    // The message already names the shop; keep what an operator needs.
    return `Shopify ${err.kind} error: ${err.message.replace(`${err.shop}: `, "")}`;
  }
  return err instanceof Error ? err.message : String(err);
}
