// Records accepted events and enqueues their ids, in batches (see micro-batch.server.ts).
// Postgres failing fails the whole batch (the caller answers 503); Redis failing does not: the
// events are recorded, and the worker's sweeper enqueues them later.
import { services } from "../services.server.ts";
import { eventJobId } from "../../infra/queues.ts";
import { enqueueFailures } from "../../infra/metrics.ts";
import { microBatch } from "./micro-batch.server.ts";
import { recordEvents, type AcceptedEvent } from "./record.server.ts";

const ENQUEUE_TIMEOUT_MS = 750;

let accept: ((e: AcceptedEvent) => Promise<string | null>) | undefined;

export function acceptEvent(e: AcceptedEvent): Promise<string | null> {
  accept ??= microBatch(acceptBatch);
  return accept(e);
}

async function acceptBatch(events: AcceptedEvent[]): Promise<Array<string | null>> {
  const { db, events: queue, log } = services();
  const ids = await recordEvents(db.pool, events);
  const jobs = events.flatMap((e, i) =>
    ids[i]
      ? [
          {
            name: e.topic,
            data: { eventId: ids[i]! },
            opts: { jobId: eventJobId(e.shop, e.webhookId) },
          },
        ]
      : [],
  );
  if (jobs.length > 0) {
    try {
      await withTimeout(queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS);
    } catch (err) {
      enqueueFailures.inc(jobs.length);
      log.warn(
        { events: jobs.length, err: String(err) },
        "enqueue failed; the sweeper will enqueue them",
      );
    }
  }
  return ids;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
