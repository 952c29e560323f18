// Jobs of the sync queue (backfill at install, reconciliation on a schedule) and their options,
// shared by the web (which enqueues the install's backfill) and the worker (sweeper, schedules).
import type { JobsOptions } from "bullmq";
import { backfillJobId } from "./queues.ts";

export type BackfillJobData = { shopId: number; runId: string };
export type ReconcileJobData = { shopId: number };
export type IncomingJobData = { shopId: number };
export type SyncJobData = BackfillJobData | ReconcileJobData | IncomingJobData;

export const SYNC_JOB = {
  backfill: "backfill",
  reconcile: "reconcile",
  incoming: "incoming", // re-read stock on its way (transfers, shipments)
} as const;

// Webhooks about transfers and shipments come in bursts (a shipment received line by line):
// one re-read per shop, a moment after the last one.
export const INCOMING_DEBOUNCE_MS = 2_000;
export function incomingDedupId(shopId: number): string {
  return `incoming-${shopId}`;
}

// A backfill talks to Shopify for minutes; an outage there should not exhaust its attempts in
// the ~4 minutes the event jobs' 1 s back-off gives, so its back-off starts higher.
export function backfillJobOptions(runId: string, backoffMs: number): JobsOptions {
  return { jobId: backfillJobId(runId), backoff: { type: "exponential", delay: backoffMs } };
}

export function reconcileSchedulerId(shopId: number): string {
  return `reconcile-${shopId}`;
}

// Shops start their sweeps at different points of the interval, so a thousand shops do not all
// read Shopify in the same second. Stable per shop: re-upserting does not move it.
export function reconcileOffsetMs(shopId: number, everyMs: number): number {
  return 1 + ((shopId * 2_654_435_761) % Math.max(1, everyMs - 1));
}
