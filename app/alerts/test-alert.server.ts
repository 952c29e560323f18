// "Send test alert" for the dashboard: the worker sends a sample alert through the channel's real
// destination and the web waits for its answer (QueueEvents), so the merchant sees live whether
// Discord, Slack, SendGrid or their endpoint took it, and what it said if not.
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { env } from "../../infra/env.ts";
import { QUEUE, type DeliveryJob } from "../../infra/queues.ts";
import { producerConnection } from "../../infra/redis.ts";

export type TestAlertResult = {
  ok: boolean;
  status?: number; // the destination's HTTP status
  error?: string; // what went wrong, without secrets
  durationMs?: number;
  retryAfterMs?: number;
  healthy?: boolean; // the channel's health after the test
};

export type TestAlertClient = {
  queue: Queue<DeliveryJob>;
  events: QueueEvents;
  close: () => Promise<void>;
};

export function testAlertClient(redisUrl: string, prefix: string): TestAlertClient {
  const producer = producerConnection(redisUrl);
  producer.on("error", () => {});
  // Waiting for a job's end is a blocking stream read: it needs its own patient connection.
  const listener = new Redis(redisUrl, { maxRetriesPerRequest: null });
  listener.on("error", () => {});
  const queue = new Queue<DeliveryJob>(QUEUE.deliveries, { connection: producer, prefix });
  const events = new QueueEvents(QUEUE.deliveries, { connection: listener, prefix });
  return {
    queue,
    events,
    async close() {
      await events.close();
      await queue.close();
      producer.disconnect();
      listener.disconnect();
    },
  };
}

export async function sendTestAlert(
  client: TestAlertClient,
  shopId: number,
  channelId: number,
  timeoutMs = 20_000,
): Promise<TestAlertResult> {
  await client.events.waitUntilReady();
  let job;
  try {
    job = await client.queue.add(
      "test",
      { kind: "test", shopId, channelId },
      { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
    );
  } catch {
    return { ok: false, error: "the alert service is unavailable; try again in a minute" };
  }
  try {
    return (await job.waitUntilFinished(client.events, timeoutMs)) as TestAlertResult;
  } catch (err) {
    const message = String((err as Error).message ?? err);
    return {
      ok: false,
      error: /timed out|ttl/i.test(message)
        ? `no answer within ${Math.round(timeoutMs / 1000)} s; the alert may still go out`
        : "the test alert could not be sent",
    };
  }
}

// The web process's client, created on first use and kept.
let shared: TestAlertClient | undefined;

export function testAlert(shopId: number, channelId: number): Promise<TestAlertResult> {
  const e = env();
  shared ??= testAlertClient(e.REDIS_URL, e.QUEUE_PREFIX);
  return sendTestAlert(shared, shopId, channelId);
}
