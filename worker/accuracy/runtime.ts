// The accuracy queue: the install's replay (enqueued when a backfill completes), the daily
// scoring of each shop, and an hourly tick that finds shops due for either — so a replay whose
// job was lost, or a day a worker missed, is caught up without a restart.
import { DelayedError, Worker, type ConnectionOptions, type JobsOptions } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { QUEUE, isLastAttempt, makeQueue, type AccuracyJob } from "../../infra/queues.ts";
import { recordReplayFailure, replayShop } from "./replay.ts";
import { scoreShop, shopsDueForScoring } from "./score-job.ts";

const TICK_EVERY_MS = 60 * 60_000;

export type Accuracy = {
  replay: (shopId: number) => Promise<unknown>;
  score: (shopId: number) => Promise<unknown>;
  close: () => Promise<void>;
};

export async function startAccuracy(deps: {
  db: Db;
  log: Logger;
  connection: ConnectionOptions;
  prefix: string;
  defaults: JobsOptions;
  now?: () => Date;
}): Promise<Accuracy> {
  const { db, log, connection, prefix } = deps;
  const now = deps.now ?? (() => new Date());
  const queue = makeQueue<AccuracyJob>(QUEUE.accuracy, connection, prefix, deps.defaults);
  const stopping = new AbortController();
  // One job per shop at a time: the id holds while the job exists.
  const replay = (shopId: number) => queue.add("replay", { shopId }, { jobId: `replay-${shopId}` });
  // Hour-stamped: a score job that failed for good (kept for operators) must not block the next.
  const score = (shopId: number) =>
    queue.add(
      "score",
      { shopId },
      { jobId: `score-${shopId}-${Math.floor(Date.now() / TICK_EVERY_MS)}` },
    );
  const tickOpts = { removeOnComplete: true, removeOnFail: { count: 100 } };
  await queue.upsertJobScheduler(
    "accuracy-due",
    { every: TICK_EVERY_MS },
    { name: "due", opts: tickOpts },
  );
  await queue.add(
    "due",
    { shopId: 0 },
    { ...tickOpts, jobId: `due-startup-${Math.floor(Date.now() / 60_000)}` },
  );

  const worker = new Worker<AccuracyJob>(
    QUEUE.accuracy,
    async (job, token) => {
      const { shopId } = job.data;
      if (job.name === "due") {
        const replays = await shopsDueForReplay(db);
        for (const id of replays) await replay(id);
        const scoring = await shopsDueForScoring(db);
        for (const id of scoring) await score(id);
        return { replays: replays.length, scoring: scoring.length };
      }
      if (job.name === "score") return scoreShop(db, shopId, now());
      if (job.name === "replay") {
        try {
          const stats = await replayShop(db, shopId, log, now(), undefined, stopping.signal);
          // Forecasts kept before the install (the day's live snapshot) are scored as usual.
          await scoreShop(db, shopId, now());
          return stats;
        } catch (err) {
          if (stopping.signal.aborted) {
            // Not a failure: the next worker resumes after the last committed batch.
            await job.moveToDelayed(Date.now() + 500, token);
            throw new DelayedError();
          }
          await recordReplayFailure(db, shopId, String(err), isLastAttempt(job)).catch(() => {});
          log.warn({ shopId, err: String(err), attempt: job.attemptsMade + 1 }, "replay failed");
          throw err;
        }
      }
      throw new Error(`unknown accuracy job ${job.name}`);
    },
    // A replay reads a shop's whole history: one at a time per worker leaves room for the rest.
    { connection, prefix, concurrency: 1 },
  );
  worker.on("error", (err) =>
    log.warn({ queue: QUEUE.accuracy, err: err.message }, "worker error"),
  );
  return {
    replay,
    score,
    async close() {
      stopping.abort(new Error("worker stopping"));
      await worker.close();
      await queue.close();
    },
  };
}

// Installed shops whose install backfill finished and whose replay never ran to the end (its job
// lost with Redis, or the worker stopped before enqueuing it). A replay that failed for good is
// left alone: its reason is on the page.
async function shopsDueForReplay(db: Db): Promise<number[]> {
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT s.id FROM shops s LEFT JOIN forecast_accuracy_state a ON a.shop_id = s.id
     WHERE s.status = 'installed' AND (a.replay_status IS NULL OR a.replay_status = 'running')
       AND EXISTS (SELECT 1 FROM sync_runs r WHERE r.shop_id = s.id AND r.kind = 'backfill'
                   AND r.phase = 'done' AND r.finished_at IS NOT NULL)
     ORDER BY s.id`,
  );
  return rows.map((r) => r.id);
}
