// Wires rule evaluation into the worker: the recompute job hands the variants whose forecasts
// changed to the alerts queue, whose jobs evaluate them with more concurrency than forecasting
// needs (evaluation mostly waits on Postgres), so a busy recompute queue does not hold alerts back.
// A failed hand-off, or a job that exhausts its retries, puts the variants back in the forecast
// dirty set: the sweeper triggers their recompute, which hands them over again.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Env } from "../../infra/env.ts";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { QUEUE, isLastAttempt, jobOptions, makeQueue, type AlertJob } from "../../infra/queues.ts";
import type { Clock } from "../dispatch/clock.ts";
import { evaluateVariants, ALERT_BATCH, type EnqueueCreated } from "./evaluate.ts";
import { markDirty } from "../forecast/recompute.ts";

export type AlertRules = {
  trigger: (shopId: number, variantIds: string[], baseline?: boolean) => Promise<void>;
  close: () => Promise<void>;
};

export function startAlertRules(
  env: Env,
  log: Logger,
  db: Db,
  connection: Redis,
  clock: Clock,
  enqueue: EnqueueCreated,
): AlertRules {
  const prefix = env.QUEUE_PREFIX;
  const queue = makeQueue<AlertJob>(
    QUEUE.alerts,
    connection,
    prefix,
    jobOptions(env.JOB_ATTEMPTS, env.JOB_BACKOFF_MS),
  );
  const worker = new Worker<AlertJob>(
    QUEUE.alerts,
    async (job) => {
      const { shopId, variantIds, baseline } = job.data;
      try {
        const r = await evaluateVariants({ db, log, clock, enqueue }, shopId, variantIds, {
          ...(baseline !== undefined ? { baseline } : {}),
        });
        log.debug({ shopId, ...r }, "alert rules evaluated");
        return r.notifications;
      } catch (err) {
        if (isLastAttempt(job)) await markDirty(db.pool, shopId, variantIds).catch(() => {});
        log.warn(
          { shopId, variants: variantIds.length, err: String(err) },
          "alert evaluation failed",
        );
        throw err;
      }
    },
    { connection, prefix, concurrency: env.ALERT_EVALUATION_CONCURRENCY },
  );
  worker.on("error", (err) => log.warn({ queue: QUEUE.alerts, err: err.message }, "worker error"));

  return {
    async trigger(shopId, variantIds, baseline) {
      if (variantIds.length === 0) return;
      const jobs = [];
      for (let i = 0; i < variantIds.length; i += ALERT_BATCH)
        jobs.push({
          name: "evaluate",
          data: { shopId, variantIds: variantIds.slice(i, i + ALERT_BATCH), baseline },
        });
      try {
        await queue.addBulk(jobs);
      } catch (err) {
        await markDirty(db.pool, shopId, variantIds);
        throw err;
      }
    },
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
