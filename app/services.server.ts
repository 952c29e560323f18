// Process-wide services of the web side, created once (and kept across dev hot reloads).
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { env } from "../infra/env.ts";
import { createDb, type Db } from "../infra/db.ts";
import { producerConnection } from "../infra/redis.ts";
import { QUEUE, jobOptions, makeQueue, type EventJob } from "../infra/queues.ts";
import type { SyncJobData } from "../infra/sync-jobs.ts";
import { secretBox, type SecretBox } from "../infra/crypto.ts";
import { createLogger, type Logger } from "../infra/log.ts";

type Services = {
  db: Db;
  redis: Redis;
  events: Queue<EventJob>;
  sync: Queue<SyncJobData>;
  box: SecretBox;
  log: Logger;
};

const g = globalThis as typeof globalThis & { __radarServices?: Services };

export function services(): Services {
  if (!g.__radarServices) {
    const e = env();
    const redis = producerConnection(e.REDIS_URL);
    const log = createLogger("web", e.LOG_LEVEL);
    redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error"));
    const queueDefaults = jobOptions(e.JOB_ATTEMPTS, e.JOB_BACKOFF_MS);
    g.__radarServices = {
      db: createDb(e.DATABASE_URL, e.DATABASE_POOL_SIZE),
      redis,
      events: makeQueue<EventJob>(QUEUE.events, redis, e.QUEUE_PREFIX, queueDefaults),
      sync: makeQueue<SyncJobData>(QUEUE.sync, redis, e.QUEUE_PREFIX, queueDefaults),
      box: secretBox(e.ENCRYPTION_KEY),
      log,
    };
  }
  return g.__radarServices;
}

export async function closeServices(): Promise<void> {
  const s = g.__radarServices;
  if (!s) return;
  g.__radarServices = undefined;
  await s.events.close().catch(() => {});
  await s.sync.close().catch(() => {});
  s.redis.disconnect();
  await s.db.prisma.$disconnect().catch(() => {});
  await s.db.pool.end().catch(() => {});
}
