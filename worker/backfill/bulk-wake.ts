// Wakes whoever waits for a bulk operation when its bulk_operations/finish webhook is applied.
// The webhook may be processed by another worker replica than the one waiting, so the news goes
// through Redis pub/sub; each process resolves its own waiters. Waiting code still polls the API
// (with growing intervals), so a lost webhook or a Redis hiccup only makes it slower.
import type { Redis } from "ioredis";
import { Counter } from "prom-client";
import type { Logger } from "../../infra/log.ts";
import { registry } from "../../infra/metrics.ts";

const wakeups = new Counter({
  name: "radar_bulk_wakeups_total",
  help: "Waits for a bulk operation ended early by its bulk_operations/finish webhook",
  registers: [registry],
});

type Waiter = { promise: Promise<void>; resolve: () => void };

export class BulkWake {
  private readonly waiters = new Map<string, Waiter>();
  private readonly channel: string;
  private readonly publisher: Redis;
  private subscriber: Redis | null = null;
  private readonly log: Logger;

  constructor(publisher: Redis, prefix: string, log: Logger) {
    this.publisher = publisher;
    this.channel = `${prefix}:bulk-finished`;
    this.log = log;
  }

  /** Subscribes (on a connection of its own: a subscribed connection can do nothing else). */
  async start(): Promise<void> {
    const sub = this.publisher.duplicate();
    sub.on("error", (err) => this.log.warn({ err: err.message }, "bulk wake subscriber error"));
    sub.on("message", (_channel, id: string) => this.wake(id));
    this.subscriber = sub;
    await sub.subscribe(this.channel).catch((err) => {
      // Polling still finds the end; ioredis re-subscribes when the connection comes back.
      this.log.warn(
        { err: String(err) },
        "bulk wake: subscribe failed; waits fall back to polling",
      );
    });
  }

  /** Resolves when the operation's bulk_operations/finish is seen (never rejects). */
  finished(operationId: string): Promise<void> {
    let w = this.waiters.get(operationId);
    if (!w) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      w = { promise, resolve };
      this.waiters.set(operationId, w);
    }
    return w.promise;
  }

  forget(operationId: string): void {
    this.waiters.delete(operationId);
  }

  /** Called after a bulk_operations/finish event was applied. */
  async notify(operationId: string): Promise<void> {
    this.wake(operationId); // this process at once, whatever Redis does
    await this.publisher.publish(this.channel, operationId).catch(() => {});
  }

  private wake(operationId: string) {
    const w = this.waiters.get(operationId);
    if (!w) return;
    this.waiters.delete(operationId);
    wakeups.inc();
    w.resolve();
  }

  async close(): Promise<void> {
    for (const w of this.waiters.values()) w.resolve();
    this.waiters.clear();
    this.subscriber?.disconnect();
  }
}
