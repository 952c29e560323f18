// Wires the worker process: one BullMQ Worker per queue it consumes, the sweeper, the metrics
// port. Everything slow happens here, never in the web process.
import { Worker, type Job } from "bullmq";
import type { Env } from "../infra/env.ts";
import { createDb, closeDb, type Db } from "../infra/db.ts";
import type { Logger } from "../infra/log.ts";
import { workerConnection } from "../infra/redis.ts";
import {
  QUEUE,
  isLastAttempt,
  jobOptions,
  makeQueue,
  recomputeDedupId,
  type EventJob,
  type RecomputeJob,
} from "../infra/queues.ts";
import { eventsApplied, recomputeRuns, variantsRecomputed } from "../infra/metrics.ts";
import { processEvent, recordFailure, type AfterCommit } from "./events/process.ts";
import { recomputeShop } from "./forecast/recompute.ts";
import { startSweeper } from "./sweeper.ts";
import { startWorkerHttp } from "./http.ts";
import { clockWithOffset } from "./dispatch/clock.ts";
import { startDelivery } from "./dispatch/runtime.ts";
import { startAlertRules } from "./rules/runtime.ts";
import {
  INCOMING_DEBOUNCE_MS,
  SYNC_JOB,
  incomingDedupId,
  type BackfillJobData,
  type IncomingJobData,
  type ReconcileJobData,
  type SyncJobData,
} from "../infra/sync-jobs.ts";
import { incomingProcessor } from "./incoming/sync.ts";
import { createShopifySessions } from "./shopify-session.ts";
import { BulkWake } from "./backfill/bulk-wake.ts";
import { backfillProcessor } from "./backfill/job.ts";
import { reconcileProcessor } from "./reconcile/job.ts";
import { ensureAllSchedules, reconcileSchedules } from "./reconcile/schedule.ts";
import { startMaintenance } from "./schedules/runtime.ts";
import { startAccuracy } from "./accuracy/runtime.ts";

export type WorkerRuntime = { db: Db; close: () => Promise<void> };

export async function startWorker(env: Env, log: Logger): Promise<WorkerRuntime> {
  const db = createDb(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  const connection = workerConnection(env.REDIS_URL);
  connection.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  const prefix = env.QUEUE_PREFIX;
  const defaults = jobOptions(env.JOB_ATTEMPTS, env.JOB_BACKOFF_MS);
  const events = makeQueue<EventJob>(QUEUE.events, connection, prefix, defaults);
  const recompute = makeQueue<RecomputeJob>(QUEUE.recompute, connection, prefix, defaults);
  const sync = makeQueue<SyncJobData>(QUEUE.sync, connection, prefix, defaults);
  // Alerts: the recompute hands changed variants to rule evaluation; delivery has its own queue.
  const clock = clockWithOffset(env.ALERT_CLOCK_OFFSET_MS ?? 0);
  const delivery = startDelivery(env, log, db, connection, clock);
  const alertRules = startAlertRules(env, log, db, connection, clock, delivery.enqueue);

  const triggerRecompute = (shopId: number) =>
    recompute.add(
      "recompute",
      { shopId },
      {
        deduplication: { id: recomputeDedupId(shopId), keepLastIfActive: true },
        delay: env.RECOMPUTE_DEBOUNCE_MS,
      },
    );

  // Backfill and reconciliation (the sync queue), and the hooks that follow applied events.
  const stopping = new AbortController();
  const sessions = createShopifySessions(env, db, log);
  const wake = new BulkWake(connection, prefix, log);
  await wake.start();
  const schedules = reconcileSchedules(sync, env.RECONCILE_EVERY_MS);
  // Re-read stock on its way: coalesced per shop, a moment after the last webhook of a burst.
  const triggerIncoming = async (shopId: number) => {
    await sync.add(
      SYNC_JOB.incoming,
      { shopId },
      {
        deduplication: { id: incomingDedupId(shopId), keepLastIfActive: true },
        delay: INCOMING_DEBOUNCE_MS,
        backoff: { type: "exponential", delay: env.SYNC_BACKOFF_MS },
      },
    );
  };
  const after: AfterCommit = {
    inboundChanged: triggerIncoming,
    uninstalled: async (shopId, domain) => {
      const stopped = await schedules.stop(shopId);
      log.info(
        { shopId, shop: domain, ...stopped },
        "shop uninstalled: sync schedule and jobs stopped",
      );
    },
    bulkFinished: async (_domain, payload) => {
      const id = (payload as { admin_graphql_api_id?: string }).admin_graphql_api_id;
      if (id) await wake.notify(id);
    },
  };
  const accuracy = await startAccuracy({ db, log, connection, prefix, defaults, now: clock.now });
  const runBackfill = backfillProcessor({
    db,
    log,
    sessions,
    wake,
    triggerRecompute,
    // The install's history is in: reconciliation starts, the accuracy replay runs over it, and
    // stock on its way is read.
    onCompleted: async (shopId) => {
      await Promise.all([
        schedules.ensure(shopId),
        accuracy.replay(shopId),
        triggerIncoming(shopId),
      ]);
    },
    stopping: stopping.signal,
  });
  const runReconcile = reconcileProcessor({
    db,
    log,
    sessions,
    wake,
    schedules,
    triggerRecompute,
    bulkAboveLevels: env.RECONCILE_BULK_ABOVE_LEVELS,
    stopping: stopping.signal,
    triggerIncoming,
  });
  const runIncoming = incomingProcessor({
    db,
    log,
    sessions,
    triggerRecompute,
    stopping: stopping.signal,
  });
  const syncWorker = new Worker<SyncJobData>(
    QUEUE.sync,
    (job, token) =>
      job.name === SYNC_JOB.reconcile
        ? runReconcile(job as Job<ReconcileJobData>)
        : job.name === SYNC_JOB.incoming
          ? runIncoming(job as Job<IncomingJobData>)
          : runBackfill(job as Job<BackfillJobData>, token),
    // A backfill survives a few crashed workers (stalled-job recovery) before BullMQ gives up.
    { connection, prefix, concurrency: env.SYNC_CONCURRENCY, maxStalledCount: 3 },
  );

  const eventWorker = new Worker<EventJob>(
    QUEUE.events,
    async (job: Job<EventJob>) => {
      try {
        const out = await processEvent(db, log, job.data.eventId, after, job.name);
        eventsApplied.inc({ topic: out.topic ?? job.name, result: out.result });
        if (out.result === "processed" && out.shopId !== null && out.dirty > 0) {
          // If this fails the dirty rows stay in Postgres and the sweeper triggers the recompute.
          await triggerRecompute(out.shopId).catch((err) =>
            log.warn({ shopId: out.shopId, err: String(err) }, "recompute trigger failed"),
          );
        }
        return out.result;
      } catch (err) {
        const final = isLastAttempt(job);
        await recordFailure(db, job.data.eventId, String(err), final).catch(() => {});
        log.error(
          {
            eventId: job.data.eventId,
            topic: job.name,
            attempt: job.attemptsMade + 1,
            final,
            err: String(err),
          },
          "event failed",
        );
        throw err;
      }
    },
    { connection, prefix, concurrency: env.WORKER_CONCURRENCY },
  );

  const recomputeWorker = new Worker<RecomputeJob>(
    QUEUE.recompute,
    async (job) => {
      const r = await recomputeShop(db, job.data.shopId, clock.now());
      recomputeRuns.inc();
      variantsRecomputed.inc(r.variants);
      // Alert rules for the variants whose forecasts changed; if the hand-off fails they are
      // dirty again and this job is retried.
      const silent = new Set(r.silent);
      await alertRules.trigger(
        job.data.shopId,
        r.changed.filter((id) => !silent.has(id)),
        r.baseline,
      );
      // A policy change re-evaluates everything under the new rules without a burst.
      await alertRules.trigger(job.data.shopId, r.silent, true);
      log.debug(
        { shopId: job.data.shopId, variants: r.variants, batches: r.batches },
        "forecasts recomputed",
      );
      return { variants: r.variants };
    },
    { connection, prefix, concurrency: env.RECOMPUTE_CONCURRENCY },
  );

  for (const w of [eventWorker, recomputeWorker, syncWorker]) {
    w.on("error", (err) => log.warn({ queue: w.name, err: err.message }, "worker error"));
  }

  const stopSweeper = startSweeper(
    {
      db,
      log,
      events,
      triggerRecompute,
      graceMs: Math.max(2 * env.SWEEP_INTERVAL_MS, 1_000),
      sync,
      syncBackoffMs: env.SYNC_BACKOFF_MS,
    },
    env.SWEEP_INTERVAL_MS,
  );

  const http = env.WORKER_METRICS_PORT
    ? startWorkerHttp(env.WORKER_METRICS_PORT, async () => {
        const pg = await db.pool.query("SELECT 1").then(
          () => "ok",
          () => "down",
        );
        const redis = connection.status === "ready" ? "ok" : "down";
        return { status: pg === "ok" && redis === "ok" ? "ok" : "down", postgres: pg, redis };
      })
    : undefined;

  const maintenance = await startMaintenance({ db, log, connection, prefix, triggerRecompute });

  // Shops installed before this worker started keep their reconciliation schedule.
  void ensureAllSchedules(db, schedules, log).catch((err) =>
    log.warn({ err: String(err) }, "could not ensure reconciliation schedules"),
  );

  log.info({ concurrency: env.WORKER_CONCURRENCY, prefix }, "worker started");

  return {
    db,
    async close() {
      await stopSweeper();
      // Backfills hand their job back at their next checkpoint instead of running to the end.
      stopping.abort(new Error("worker stopping"));
      // Stop taking jobs and let the running ones finish; the caller bounds the wait.
      await Promise.all([
        eventWorker.close(),
        recomputeWorker.close(),
        syncWorker.close(),
        accuracy.close(), // a replay stops after its current batch and resumes on the next worker
      ]);
      await alertRules.close();
      await delivery.close();
      await maintenance.close();
      await Promise.all([events.close(), recompute.close(), sync.close()]);
      await wake.close();
      http?.close();
      connection.disconnect();
      await closeDb(db);
    },
  };
}
