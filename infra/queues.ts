// The queues between web and worker, and what their jobs carry. Job data holds ids only: no
// payloads, no secrets (the event body stays in Postgres, channel secrets stay encrypted there).
import { Queue, type ConnectionOptions, type Job, type JobsOptions } from "bullmq";

export const QUEUE = {
  events: "events", // one job per accepted webhook
  recompute: "recompute", // per-shop forecast recompute of dirty variants (coalesced)
  alerts: "alerts", // per-shop alert rule evaluation
  deliveries: "deliveries", // one job per alert notification × channel
  sync: "sync", // backfill and reconciliation per shop
  maintenance: "maintenance", // daily recompute, digests, retention
  accuracy: "accuracy", // forecast accuracy: install replay, daily scoring per shop
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export type EventJob = { eventId: string };
export type RecomputeJob = { shopId: number };
export type AccuracyJob = { shopId: number }; // 0 for the shop-independent "due" tick
// The variants whose forecasts a recompute just changed (ids only, at most a few hundred a job);
// baseline: the recompute ran during the install backfill (record, do not notify).
export type AlertJob = { shopId: number; variantIds: string[]; baseline?: boolean };

// Alert delivery jobs carry ids only (the shop's, for tenant-scoped queries, and the row's): the
// worker renders from Postgres at send time and decrypts channel secrets in memory.
// - notification: one alert notification (episode step × channel), retried with back-off;
// - digest: one channel's due digest; test: one "send test alert" for a channel, answered live.
export type DeliveryJob =
  | { kind: "notification"; shopId: number; notificationId: string }
  | { kind: "digest"; shopId: number; channelId: number }
  | { kind: "test"; shopId: number; channelId: number };

// Re-adding a job whose id is still queued is a no-op: the sweeper and a racing enqueue cannot
// create a second job for the same notification or digest slot.
export function notificationJobId(notificationId: string): string {
  return `n-${notificationId}`;
}

export function digestJobId(channelId: number, dueAt: Date): string {
  return `d-${channelId}-${dueAt.getTime()}`;
}

// Finished jobs vanish; failed ones stay (bounded) with their error so operators can see them.
// Retries back off exponentially (8 attempts at 1 s base ≈ 4 minutes in all).
export function jobOptions(attempts = 8, backoffMs = 1_000): JobsOptions {
  return {
    attempts,
    backoff: { type: "exponential", delay: backoffMs },
    removeOnComplete: true,
    removeOnFail: { count: 10_000, age: 14 * 24 * 3600 },
  };
}

// BullMQ counts attemptsMade before the running attempt: this one is the last when it fails.
export function isLastAttempt(job: Pick<Job, "attemptsMade" | "opts">): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

export function makeQueue<T>(
  name: QueueName,
  connection: ConnectionOptions,
  prefix: string,
  defaults = jobOptions(),
) {
  return new Queue<T>(name, { connection, prefix, defaultJobOptions: defaults });
}

// BullMQ job ids may not contain ':'; shop domains and webhook ids never do, but be strict.
export function eventJobId(shop: string, webhookId: string): string {
  return `${shop}/${webhookId}`.replaceAll(":", "_");
}

export function recomputeDedupId(shopId: number): string {
  return `recompute-${shopId}`;
}

export function backfillJobId(runId: string): string {
  return `backfill-${runId}`;
}
