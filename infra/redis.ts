// Redis connections. Workers block on Redis and must ride out restarts (maxRetriesPerRequest: null);
// producers on the web side fail fast (no offline queue) so a request never hangs on a dead Redis.
import { Redis, type RedisOptions } from "ioredis";

export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

export function producerConnection(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // Keep trying to reconnect in the background, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...opts,
  });
}
