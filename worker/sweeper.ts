// The safety net under the queue. Postgres holds every accepted event; Redis may have lost the
// job (it was down at intake, or restarted without persistence) or a recompute trigger. Every few
// seconds this re-enqueues accepted-but-unprocessed events and re-triggers shops with dirty
// forecasts. Job ids make it idempotent: re-adding a job that is still queued is a no-op.
import type { Queue } from "bullmq";
import type { Db } from "../infra/db.ts";
import type { Logger } from "../infra/log.ts";
import { eventJobId, type EventJob } from "../infra/queues.ts";
import { sweptEvents } from "../infra/metrics.ts";

export type SweepDeps = {
  db: Db;
  log: Logger;
  events: Queue<EventJob>;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  graceMs: number; // leave events this young to the normal path
};

export async function sweepOnce(d: SweepDeps): Promise<{ events: number; shops: number }> {
  const stale = await d.db.pool.query<{
    id: string;
    shop: string;
    topic: string;
    webhook_id: string;
  }>(
    `SELECT id, shop, topic, webhook_id FROM webhook_events
     WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
     ORDER BY id LIMIT 1000`,
    [d.graceMs / 1000],
  );
  if (stale.rows.length > 0) {
    await d.events.addBulk(
      stale.rows.map((r) => ({
        name: r.topic,
        data: { eventId: r.id },
        opts: { jobId: eventJobId(r.shop, r.webhook_id) },
      })),
    );
    sweptEvents.inc(stale.rows.length);
  }
  const dirty = await d.db.pool.query<{ shop_id: number }>(
    `SELECT DISTINCT shop_id FROM forecast_dirty WHERE marked_at < now() - make_interval(secs => $1)`,
    [d.graceMs / 1000],
  );
  for (const r of dirty.rows) await d.triggerRecompute(r.shop_id);
  return { events: stale.rows.length, shops: dirty.rows.length };
}

export function startSweeper(d: SweepDeps, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepOnce(d)
      .then((r) => r.events + r.shops > 0 && d.log.info(r, "sweeper re-enqueued work"))
      .catch((err) => d.log.warn({ err: String(err) }, "sweep failed; will retry"));
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
