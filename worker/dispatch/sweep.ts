// The safety net under delivery jobs, like the event sweeper: notifications whose job never made
// it to Redis (it was down after the rules committed, or lost its data) are enqueued again, and
// digests whose time has come get their job. Job ids make it idempotent. Rows waiting for a retry
// are leased until it is due, and rows waiting for quiet hours to end have a future not_before:
// neither is swept before its time.
import type { Queue } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { digestJobId, notificationJobId, type DeliveryJob } from "../../infra/queues.ts";
import { sweepEvery } from "../sweeper.ts";
import type { Clock } from "./clock.ts";

export type DeliverySweepDeps = {
  db: Db;
  log: Logger;
  queue: Queue<DeliveryJob>;
  clock: Clock;
  graceMs: number;
};

export async function sweepDeliveries(
  d: DeliverySweepDeps,
): Promise<{ notifications: number; digests: number }> {
  const now = d.clock.now();
  const pending = await d.db.pool.query<{ id: string; shop_id: number; not_before: Date | null }>(
    `SELECT id, shop_id, not_before FROM alert_notifications
     WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < now())
       AND created_at < now() - make_interval(secs => $1) AND (not_before IS NULL OR not_before <= $2)
     ORDER BY id LIMIT 1000`,
    [d.graceMs / 1000, now],
  );
  const digests = await d.db.pool.query<{ shop_id: number; channel_id: number; due: Date }>(
    `SELECT shop_id, channel_id, min(not_before) AS due FROM alert_notifications
     WHERE status = 'digest' AND not_before <= $1 AND (lease_until IS NULL OR lease_until < now())
     GROUP BY shop_id, channel_id LIMIT 1000`,
    [new Date(now.getTime() - d.graceMs)],
  );
  const jobs: Parameters<Queue<DeliveryJob>["addBulk"]>[0] = [
    ...pending.rows.map((r) => ({
      name: "notification",
      data: { kind: "notification" as const, shopId: r.shop_id, notificationId: r.id },
      opts: {
        jobId: notificationJobId(r.id),
        delay: Math.max(0, (r.not_before?.getTime() ?? 0) - now.getTime()),
      },
    })),
    ...digests.rows.map((r) => ({
      name: "digest",
      data: { kind: "digest" as const, shopId: r.shop_id, channelId: r.channel_id },
      opts: { jobId: digestJobId(r.channel_id, r.due) },
    })),
  ];
  if (jobs.length > 0) await d.queue.addBulk(jobs);
  return { notifications: pending.rows.length, digests: digests.rows.length };
}

export function startDeliverySweeper(
  d: DeliverySweepDeps,
  intervalMs: number,
): () => Promise<void> {
  return sweepEvery(intervalMs, () =>
    sweepDeliveries(d).catch((err) =>
      d.log.warn({ err: String(err) }, "delivery sweep failed; will retry"),
    ),
  );
}
