// What every delivery job handler shares within one worker process.
import type { Job, Queue } from "bullmq";
import { DelayedError } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import type { DeliveryJob } from "../../infra/queues.ts";
import type { Breakers } from "./breakers.ts";
import type { Clock } from "./clock.ts";
import type { SenderConfig } from "./destination.ts";
import type { Pacer } from "./pacing.ts";

export type DispatchContext = {
  db: Db;
  log: Logger;
  clock: Clock;
  queue: Queue<DeliveryJob>;
  sender: SenderConfig;
  breakers: Breakers;
  pace: Pacer;
  appHandle: string;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
};

// Moves the running job back to "delayed" without spending one of its attempts: for waits that
// are not failures (quiet hours, pacing, an open breaker).
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(ms)), token);
  throw new DelayedError();
}

// How long a sender holds the rows it sends: one send (its timeout) plus the bookkeeping around it.
export function leaseSeconds(ctx: DispatchContext): number {
  return Math.ceil(ctx.timeoutMs / 1000) + 30;
}
