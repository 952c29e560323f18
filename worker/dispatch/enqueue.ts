// From created notification rows to delivery jobs. Job ids make every add idempotent: the rules
// (after their commit), the fallback path and the sweeper may all add the same notification.
import type { Queue } from "bullmq";
import { digestJobId, notificationJobId, type DeliveryJob } from "../../infra/queues.ts";
import type { CreatedNotification } from "../rules/persist.ts";
import type { Clock } from "./clock.ts";

export function makeEnqueue(queue: Queue<DeliveryJob>, clock: Clock) {
  return async (shopId: number, created: CreatedNotification[]): Promise<void> => {
    if (created.length === 0) return;
    const now = clock.now().getTime();
    const jobs: Parameters<Queue<DeliveryJob>["addBulk"]>[0] = [];
    const digests = new Map<string, { channelId: number; due: Date }>();
    for (const c of created) {
      if (c.status === "pending") {
        jobs.push({
          name: "notification",
          data: { kind: "notification", shopId, notificationId: c.id },
          opts: {
            jobId: notificationJobId(c.id),
            delay: Math.max(0, c.notBefore.getTime() - now),
          },
        });
      } else {
        digests.set(digestJobId(c.channelId, c.notBefore), {
          channelId: c.channelId,
          due: c.notBefore,
        });
      }
    }
    for (const [jobId, d] of digests)
      jobs.push({
        name: "digest",
        data: { kind: "digest", shopId, channelId: d.channelId },
        opts: { jobId, delay: Math.max(0, d.due.getTime() - now) },
      });
    await queue.addBulk(jobs);
  };
}
