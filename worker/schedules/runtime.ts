// Shop-independent schedules on the maintenance queue (BullMQ job schedulers, so several worker
// replicas agree on one timetable): the daily recompute when a shop's local day turns, and
// data retention.
import { Queue, Worker, type ConnectionOptions } from "bullmq";
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import { QUEUE } from "../../infra/queues.ts";
import { markAllDirty } from "../forecast/recompute.ts";
import { shopsDueForDailyRecompute } from "./daily-recompute.ts";
import { applyRetention } from "./retention.ts";

const EVERY = { dailyRecompute: 15 * 60_000, retention: 24 * 3_600_000 };

export async function startMaintenance(deps: {
  db: Db;
  log: Logger;
  connection: ConnectionOptions;
  prefix: string;
  triggerRecompute: (shopId: number) => Promise<unknown>;
}): Promise<{ close: () => Promise<void> }> {
  const { db, log, connection, prefix } = deps;
  const queue = new Queue(QUEUE.maintenance, { connection, prefix });
  const opts = { removeOnComplete: true, removeOnFail: { count: 100 } };
  await queue.upsertJobScheduler(
    "daily-recompute",
    { every: EVERY.dailyRecompute },
    { name: "daily-recompute", opts },
  );
  await queue.upsertJobScheduler(
    "retention",
    { every: EVERY.retention },
    { name: "retention", opts },
  );
  // A restarted worker catches up at once instead of at the schedule's next tick (the job id
  // keeps replicas starting in the same minute from doing it twice).
  await queue.add(
    "daily-recompute",
    {},
    { ...opts, jobId: `startup-${Math.floor(Date.now() / 60_000)}` },
  );

  const worker = new Worker(
    QUEUE.maintenance,
    async (job) => {
      if (job.name === "daily-recompute") {
        const shops = await shopsDueForDailyRecompute(db);
        for (const shopId of shops) {
          await markAllDirty(db, shopId);
          await deps.triggerRecompute(shopId);
        }
        if (shops.length) log.info({ shops: shops.length }, "daily recompute started");
        return { shops: shops.length };
      }
      if (job.name === "retention") {
        const deleted = await applyRetention(db);
        log.info({ deleted }, "retention applied");
        return deleted;
      }
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on("error", (err) =>
    log.warn({ queue: QUEUE.maintenance, err: err.message }, "worker error"),
  );
  return {
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
