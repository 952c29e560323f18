// Wires alert delivery into the worker process: the deliveries queue and its worker (one job per
// notification, digest or test alert), breakers, pacing and the delivery sweeper.
import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Env } from "../../infra/env.ts";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { preloadSenders } from "../../channels/index.ts";
import { secretBox } from "../../infra/crypto.ts";
import { breakerOpened } from "../../infra/metrics.ts";
import { QUEUE, makeQueue, type DeliveryJob } from "../../infra/queues.ts";
import type { EnqueueCreated } from "../rules/evaluate.ts";
import { DELIVERY_BACKOFF, deliveryBackoff } from "./backoff.ts";
import { createBreakers } from "./breakers.ts";
import type { Clock } from "./clock.ts";
import type { DispatchContext } from "./context.ts";
import { runDigestJob } from "./digest-job.ts";
import { makeEnqueue } from "./enqueue.ts";
import { runNotificationJob } from "./notification-job.ts";
import { redisPacer } from "./pacing.ts";
import { startDeliverySweeper } from "./sweep.ts";
import { runTestJob } from "./test-job.ts";

export type Delivery = { enqueue: EnqueueCreated; close: () => Promise<void> };

export function deliveryJobOptions(env: Env) {
  return {
    attempts: env.ALERT_DELIVERY_ATTEMPTS,
    backoff: { type: DELIVERY_BACKOFF },
    removeOnComplete: true,
    removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
  };
}

export function startDelivery(
  env: Env,
  log: Logger,
  db: Db,
  connection: Redis,
  clock: Clock,
): Delivery {
  const prefix = env.QUEUE_PREFIX;
  // Provider clients load now, not inside the first send (where their import would count
  // against its timeout's neighbours under load).
  preloadSenders().catch((err) =>
    log.error({ err: String(err) }, "a channel's client failed to load"),
  );
  const queue = makeQueue<DeliveryJob>(
    QUEUE.deliveries,
    connection,
    prefix,
    deliveryJobOptions(env),
  );
  const breakers = createBreakers({
    failures: env.ALERT_BREAKER_FAILURES,
    halfOpenAfterMs: env.ALERT_BREAKER_HALF_OPEN_MS,
  });
  breakers.onOpen((key) => {
    const kind = key.slice(0, key.indexOf(":"));
    breakerOpened.inc({ kind });
    log.warn(
      { kind, halfOpenAfterMs: env.ALERT_BREAKER_HALF_OPEN_MS },
      "delivery circuit breaker opened",
    );
  });
  const allowPrivate = env.ALLOW_PRIVATE_WEBHOOK_TARGETS;
  const ctx: DispatchContext = {
    db,
    log,
    clock,
    queue,
    breakers,
    pace: redisPacer(connection, prefix),
    appHandle: env.APP_HANDLE,
    timeoutMs: env.ALERT_SEND_TIMEOUT_MS,
    retryBaseMs: env.ALERT_RETRY_BASE_MS,
    retryMaxMs: env.ALERT_RETRY_MAX_MS,
    sender: {
      box: secretBox(env.ENCRYPTION_KEY),
      sendgridApiKey: env.SENDGRID_API_KEY,
      fromEmail: env.ALERT_FROM_EMAIL,
      fromName: env.ALERT_FROM_NAME,
      // Test and demo hooks; env validation refuses every one of them in production.
      transport: {
        ...(env.DISCORD_API_BASE ? { discordApiBase: env.DISCORD_API_BASE } : {}),
        ...(env.SENDGRID_API_BASE ? { sendgridBaseUrl: env.SENDGRID_API_BASE } : {}),
        ...(env.TELEGRAM_API_BASE ? { telegramApiBase: env.TELEGRAM_API_BASE } : {}),
        ...(env.TWILIO_API_BASE ? { twilioApiBase: env.TWILIO_API_BASE } : {}),
        ...(env.GOOGLE_API_BASE ? { googleApiBase: env.GOOGLE_API_BASE } : {}),
        ...(allowPrivate ? { allowInsecureUrls: true } : {}),
      },
    },
  };

  const worker = new Worker<DeliveryJob>(
    QUEUE.deliveries,
    async (job: Job<DeliveryJob>, token?: string) => {
      switch (job.data.kind) {
        case "notification":
          return runNotificationJob(ctx, job, token);
        case "digest":
          return runDigestJob(ctx, job, token);
        case "test":
          return runTestJob(ctx, job);
      }
    },
    {
      connection,
      prefix,
      concurrency: env.ALERT_DELIVERY_CONCURRENCY,
      settings: {
        backoffStrategy: deliveryBackoff(env.ALERT_RETRY_BASE_MS, env.ALERT_RETRY_MAX_MS),
      },
    },
  );
  worker.on("error", (err) =>
    log.warn({ queue: QUEUE.deliveries, err: err.message }, "worker error"),
  );
  worker.on("failed", (job, err) => {
    if (job && err.name !== "RetryLater")
      log.error(
        { jobId: job.id, kind: job.data.kind, shopId: job.data.shopId, err: err.message },
        "delivery job failed",
      );
  });

  const stopSweeper = startDeliverySweeper(
    { db, log, queue, clock, graceMs: Math.max(2 * env.SWEEP_INTERVAL_MS, 1_000) },
    env.SWEEP_INTERVAL_MS,
  );

  return {
    enqueue: makeEnqueue(queue, clock),
    async close() {
      await stopSweeper();
      await worker.close();
      await queue.close();
    },
  };
}
