// Wires the worker process: one BullMQ Worker per queue it consumes, the sweeper, the metrics
// port. Everything slow happens here, never in the web process.
import { Queue, Worker, type Job } from "bullmq";
import type { Env } from "../infra/env.ts";
import { createDb, closeDb, type Db } from "../infra/db.ts";
import type { Logger } from "../infra/log.ts";
import { workerConnection } from "../infra/redis.ts";
import {
  QUEUE,
  jobOptions,
  recomputeDedupId,
  type EventJob,
  type RecomputeJob,
} from "../infra/queues.ts";
import { eventsApplied, recomputeRuns, variantsRecomputed } from "../infra/metrics.ts";
import { processEvent, recordFailure } from "./events/process.ts";
import { recomputeShop } from "./forecast/recompute.ts";
import { startSweeper } from "./sweeper.ts";
import { startWorkerHttp } from "./http.ts";
import { clockWithOffset } from "./dispatch/clock.ts";
import { startDelivery } from "./dispatch/runtime.ts";
import { evaluateVariants, markDirtyAgain } from "./rules/evaluate.ts";

export type WorkerRuntime = { db: Db; close: () => Promise<void> };

export async function startWorker(env: Env, log: Logger): Promise<WorkerRuntime> {
  const db = createDb(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  const connection = workerConnection(env.REDIS_URL);
  connection.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
  const prefix = env.QUEUE_PREFIX;
  const queueOpts = {
    connection,
    prefix,
    defaultJobOptions: jobOptions(env.JOB_ATTEMPTS, env.JOB_BACKOFF_MS),
  };
  const events = new Queue<EventJob>(QUEUE.events, queueOpts);
  const recompute = new Queue<RecomputeJob>(QUEUE.recompute, queueOpts);
  // Alerts: rule evaluation runs in the recompute job (no extra queue hop), delivery on its own queue.
  const clock = clockWithOffset(env.ALERT_CLOCK_OFFSET_MS ?? 0);
  const delivery = startDelivery(env, log, db, connection, clock);

  const triggerRecompute = (shopId: number) =>
    recompute.add(
      "recompute",
      { shopId },
      {
        deduplication: { id: recomputeDedupId(shopId), keepLastIfActive: true },
        delay: env.RECOMPUTE_DEBOUNCE_MS,
      },
    );

  const eventWorker = new Worker<EventJob>(
    QUEUE.events,
    async (job: Job<EventJob>) => {
      try {
        const out = await processEvent(db, log, job.data.eventId);
        eventsApplied.inc({ topic: out.topic ?? job.name, result: out.result });
        if (out.result === "processed" && out.shopId !== null && out.dirty > 0) {
          // If this fails the dirty rows stay in Postgres and the sweeper triggers the recompute.
          await triggerRecompute(out.shopId).catch((err) =>
            log.warn({ shopId: out.shopId, err: String(err) }, "recompute trigger failed"),
          );
        }
        return out.result;
      } catch (err) {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
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
      // Alert rules for the variants whose forecasts changed. On failure they go back to the dirty
      // set and the job is retried, so no change goes unevaluated.
      await evaluateVariants(
        { db, log, clock, enqueue: delivery.enqueue },
        job.data.shopId,
        r.changed,
      ).catch(async (err) => {
        await markDirtyAgain(db.pool, job.data.shopId, r.changed);
        throw err;
      });
      log.debug(
        { shopId: job.data.shopId, variants: r.variants, batches: r.batches },
        "forecasts recomputed",
      );
      return { variants: r.variants };
    },
    { connection, prefix, concurrency: 2 },
  );

  for (const w of [eventWorker, recomputeWorker]) {
    w.on("error", (err) => log.warn({ queue: w.name, err: err.message }, "worker error"));
  }

  const stopSweeper = startSweeper(
    { db, log, events, triggerRecompute, graceMs: Math.max(2 * env.SWEEP_INTERVAL_MS, 1_000) },
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

  log.info({ concurrency: env.WORKER_CONCURRENCY, prefix }, "worker started");

  return {
    db,
    async close() {
      await stopSweeper();
      // Stop taking jobs and let the running ones finish; the caller bounds the wait.
      await Promise.all([eventWorker.close(), recomputeWorker.close()]);
      await delivery.close();
      await Promise.all([events.close(), recompute.close()]);
      http?.close();
      connection.disconnect();
      await closeDb(db);
    },
  };
}
