// Delivers signed webhooks the way Shopify does: HMAC-SHA256 of the raw body with the app secret,
// the X-Shopify-* headers, a 5 s answer deadline, retries with back-off on anything but 2xx, and
// no ordering promise. Knobs drop, duplicate, delay and reorder deliveries for tests.
import { createHmac, randomUUID } from "node:crypto";
import { Rng } from "./random.ts";

export type WebhookKnobs = {
  /** Probability that a delivery is lost (never sent). */
  dropRate?: number;
  /** Probability that a delivery is sent twice with the same webhook id. */
  duplicateRate?: number;
  /** Delay before the first attempt, in ms: fixed or [min, max]. */
  delayMs?: number | [number, number];
  /** Extra random hold of up to this many ms per delivery, so deliveries overtake each other. */
  reorderWindowMs?: number;
  /** Retries after the first attempt (Shopify: 8 over 4 hours). */
  maxRetries?: number;
  /** First retry delay in ms, doubling each time. */
  retryBaseMs?: number;
  /** How long the receiver has to answer (Shopify: 5 s). */
  timeoutMs?: number;
};

export type DeliveryStatus = "pending" | "delivered" | "failed" | "dropped";

export type Delivery = {
  webhookId: string;
  eventId: string;
  shop: string;
  topic: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  triggeredAt: string;
  status: DeliveryStatus;
  attempts: number;
  responses: (number | string)[];
  duplicate: boolean;
};

export type WebhookTarget = string | ((topic: string, shop: string) => string | null);

export type SenderOptions = {
  secret: string;
  apiVersion: string;
  target: WebhookTarget | null;
  knobs?: WebhookKnobs;
  seed?: string | number;
  /** Deliveries kept for inspection (oldest dropped first). */
  keep?: number;
  onError?: (delivery: Delivery, error: unknown) => void;
};

// Shopify spreads 8 retries over about 4 hours.
const SHOPIFY_RETRY_BASE_MS = 60_000;

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** A target given as a base URL gets the topic appended: …/webhooks → …/webhooks/orders/create. */
export function resolveTarget(target: WebhookTarget | null, topic: string, shop: string) {
  if (!target) return null;
  if (typeof target === "function") return target(topic, shop);
  if (target.includes("{topic}")) return target.replace("{topic}", topic);
  return `${target.replace(/\/+$/, "")}/${topic}`;
}

export class WebhookSender {
  private readonly opts: SenderOptions;
  knobs: Required<WebhookKnobs>;
  private readonly rng: Rng;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly forcedDrops: { topic: string | null; count: number }[] = [];
  private idleWaiters: (() => void)[] = [];
  private pending = 0;
  private closed = false;
  readonly deliveries: Delivery[] = [];

  constructor(opts: SenderOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed ?? "webhooks");
    this.knobs = {
      dropRate: 0,
      duplicateRate: 0,
      delayMs: 0,
      reorderWindowMs: 0,
      maxRetries: 8,
      retryBaseMs: SHOPIFY_RETRY_BASE_MS,
      timeoutMs: 5_000,
      ...opts.knobs,
    };
  }

  setKnobs(knobs: WebhookKnobs) {
    this.knobs = { ...this.knobs, ...knobs };
  }

  /** The next `count` deliveries (of a topic, or any) are lost. */
  dropNext(count = 1, topic: string | null = null) {
    this.forcedDrops.push({ topic, count });
  }

  private shouldDrop(topic: string): boolean {
    const forced = this.forcedDrops.find((d) => d.topic === null || d.topic === topic);
    if (forced) {
      if (--forced.count <= 0) this.forcedDrops.splice(this.forcedDrops.indexOf(forced), 1);
      return true;
    }
    return this.rng.chance(this.knobs.dropRate);
  }

  send(
    shop: string,
    topic: string,
    payload: unknown,
    opts: { triggeredAt?: number; target?: WebhookTarget } = {},
  ): Delivery | null {
    const url = resolveTarget(opts.target ?? this.opts.target, topic, shop);
    if (!url || this.closed) return null;
    const body = JSON.stringify(payload);
    const webhookId = randomUUID();
    const eventId = randomUUID();
    const triggeredAt = new Date(opts.triggeredAt ?? Date.now()).toISOString();
    const headers = {
      "content-type": "application/json",
      accept: "*/*",
      "user-agent": "Shopify-Captain-Hook",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": signWebhook(body, this.opts.secret),
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": this.opts.apiVersion,
      "x-shopify-webhook-id": webhookId,
      "x-shopify-event-id": eventId,
      "x-shopify-triggered-at": triggeredAt,
    };
    const delivery: Delivery = {
      webhookId,
      eventId,
      shop,
      topic,
      url,
      body,
      headers,
      triggeredAt,
      status: "pending",
      attempts: 0,
      responses: [],
      duplicate: false,
    };
    this.record(delivery);
    if (this.shouldDrop(topic)) {
      delivery.status = "dropped";
      return delivery;
    }
    this.schedule(delivery, this.initialDelay(), 0);
    if (this.rng.chance(this.knobs.duplicateRate)) {
      const twin: Delivery = { ...delivery, responses: [], attempts: 0, duplicate: true };
      this.record(twin);
      this.schedule(twin, this.initialDelay(), 0);
    }
    return delivery;
  }

  private record(d: Delivery) {
    this.deliveries.push(d);
    const keep = this.opts.keep ?? 10_000;
    if (this.deliveries.length > keep) this.deliveries.splice(0, this.deliveries.length - keep);
  }

  private initialDelay(): number {
    const d = this.knobs.delayMs;
    const base = Array.isArray(d) ? this.rng.uniform(d[0], d[1]) : d;
    return base + this.rng.uniform(0, this.knobs.reorderWindowMs);
  }

  private schedule(delivery: Delivery, delayMs: number, retry: number) {
    this.pending++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const p = this.attempt(delivery, retry).finally(() => {
        this.inflight.delete(p);
        this.pending--;
        if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
      this.inflight.add(p);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, retry: number) {
    if (this.closed) return;
    delivery.attempts++;
    let ok = false;
    try {
      const res = await fetch(delivery.url, {
        method: "POST",
        headers: delivery.headers,
        body: delivery.body,
        signal: AbortSignal.timeout(this.knobs.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.responses.push(res.status);
      ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      delivery.responses.push(err instanceof Error ? err.name : "error");
      this.opts.onError?.(delivery, err);
    }
    if (ok) {
      delivery.status = "delivered";
    } else if (retry < this.knobs.maxRetries && !this.closed) {
      this.schedule(delivery, this.knobs.retryBaseMs * 2 ** retry, retry + 1);
    } else {
      delivery.status = "failed";
    }
  }

  /** Resolves when nothing is waiting to be delivered (including retries). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
    this.pending = 0;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
