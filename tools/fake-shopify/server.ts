// The simulated Shopify: an HTTP server that answers for many shops (picked by x-forwarded-host,
// else Host) the way Shopify's OAuth and Admin GraphQL endpoints do, serves bulk operation results,
// and sends signed webhooks for everything that changes in its stores.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createReadStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { generateShop, type GenerateOptions } from "./generate.ts";
import { DEFAULT_SCOPES, ShopStore, scopeForTopic } from "./store.ts";
import { LeakyBucket } from "./bucket.ts";
import { BulkOperations, type BulkErrorCode } from "./bulk.ts";
import { TokenIssuer } from "./oauth.ts";
import { runGraphql } from "./graphql-endpoint.ts";
import { WebhookSender, type WebhookKnobs, type WebhookTarget } from "./webhook-sender.ts";
import { bulkFinishPayload, payloadFor } from "./webhook-payloads.ts";
import { LiveSimulation, type LiveOptions } from "./live.ts";
import { shopStats } from "./stats.ts";
import { DAY_MS } from "./time.ts";

export type ShopSpec =
  | string
  | (Omit<GenerateOptions, "seed" | "domain"> & {
      domain: string;
      seed?: string | number;
      scopes?: string[];
    });

export type FakeShopifyOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  seed?: string | number;
  shops?: ShopSpec[];
  apiKey: string;
  appSecret: string;
  /** Where webhooks go: a base URL (the topic is appended), a URL with {topic}, or a function. */
  webhookTarget?: WebhookTarget | null;
  /** Topics the app subscribes to (default: all). */
  topics?: string[];
  apiVersion?: string;
  webhooks?: WebhookKnobs;
  bucket?: { maximumAvailable?: number; restoreRate?: number };
  bulk?: { minDurationMs?: number; urlTtlMs?: number; maxConcurrent?: number };
  tokens?: { accessTtlSeconds?: number; refreshTtlSeconds?: number };
  /** Start every shop in live mode. */
  live?: LiveOptions | boolean;
  /** The moment history ends (default: now). */
  now?: number;
  /** Base URL for bulk result links, when the server is reached by another name. */
  publicUrl?: string;
  log?: (message: string, fields?: Record<string, unknown>) => void;
};

export type RequestLog = { method: string; path: string; shop: string | null; status: number };

export type FakeShopify = {
  url: string;
  port: number;
  store(shop: string): ShopStore;
  shops(): string[];
  addShop(spec: ShopSpec): ShopStore;
  tokens: TokenIssuer;
  webhooks: WebhookSender;
  bulk: BulkOperations;
  bucket(shop: string): LeakyBucket;
  setBucket(shop: string, size: { maximumAvailable: number; restoreRate: number }): LeakyBucket;
  faults: {
    /** The next `count` GraphQL calls of the shop answer this HTTP status (default 502). */
    failGraphql(shop: string, count: number, status?: number): void;
    failNextBulk(shop: string, code?: BulkErrorCode): void;
    /** RefundLineItem.id is nullable in Shopify's schema: answer null for the shop's refund lines. */
    nullRefundLineIds(shop: string, on?: boolean): void;
  };
  live(shop: string): LiveSimulation;
  uninstall(shop: string): void;
  requests: RequestLog[];
  close(): Promise<void>;
};

const INVALID_TOKEN =
  "[API] Invalid API key or access token (unrecognized login or wrong password)";
const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;

function shopOf(req: IncomingMessage): string | null {
  const raw = req.headers["x-forwarded-host"] ?? req.headers.host;
  const host = (Array.isArray(raw) ? raw[0] : raw)?.split(",")[0]?.trim().toLowerCase();
  return host ? host.replace(/:\d+$/, "") : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> | null {
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-request-id": randomUUID(),
    ...headers,
  });
  res.end(text);
}

export async function startFakeShopify(options: FakeShopifyOptions): Promise<FakeShopify> {
  const log = options.log ?? (() => {});
  const apiVersion = options.apiVersion ?? "2026-10";
  const stores = new Map<string, ShopStore>();
  const buckets = new Map<string, LeakyBucket>();
  const lives = new Map<string, LiveSimulation>();
  const graphqlFaults = new Map<string, { count: number; status: number }>();
  const requests: RequestLog[] = [];
  const topics = options.topics ? new Set(options.topics) : null;
  const baseSeed = options.seed ?? 42;
  let publicUrl = options.publicUrl ?? "";

  const tokens = new TokenIssuer({
    apiKey: options.apiKey,
    apiSecret: options.appSecret,
    accessTtlSeconds: options.tokens?.accessTtlSeconds ?? 3600,
    refreshTtlSeconds: options.tokens?.refreshTtlSeconds ?? 90 * 86_400,
    onlineTtlSeconds: 86_399,
    clock: Date.now,
  });
  const webhooks = new WebhookSender({
    secret: options.appSecret,
    apiVersion,
    target: options.webhookTarget ?? null,
    knobs: options.webhooks,
    seed: `${baseSeed}/webhooks`,
    onError: (d, err) => log("webhook delivery failed", { topic: d.topic, error: String(err) }),
  });

  const deliver = (store: ShopStore, topic: string, payload: unknown, at: number) => {
    if (topics && !topics.has(topic)) return;
    webhooks.send(store.domain, topic, payload, { triggeredAt: at });
  };
  const bulk = new BulkOperations({
    dir: mkdtempSync(join(tmpdir(), "fake-shopify-")),
    publicUrl: () => publicUrl,
    secret: options.appSecret,
    minDurationMs: options.bulk?.minDurationMs ?? 300,
    urlTtlMs: options.bulk?.urlTtlMs ?? 7 * DAY_MS,
    maxConcurrent: options.bulk?.maxConcurrent,
    clock: Date.now,
    onFinish: (store, op) => {
      log("bulk operation finished", { shop: store.domain, id: op.id, status: op.status });
      deliver(store, "bulk_operations/finish", bulkFinishPayload(op), op.completedAt ?? Date.now());
    },
  });

  const makeBucket = (max?: number, rate?: number) =>
    new LeakyBucket(
      max ?? options.bucket?.maximumAvailable ?? 2000,
      rate ?? options.bucket?.restoreRate ?? 100,
    );

  const addShop = (spec: ShopSpec): ShopStore => {
    const s = typeof spec === "string" ? { domain: spec } : spec;
    const domain = s.domain.toLowerCase();
    if (stores.has(domain)) return stores.get(domain)!;
    const seed = s.seed ?? (stores.size === 0 ? baseSeed : `${baseSeed}/${domain}`);
    const started = performance.now();
    const data = generateShop({ ...s, domain, seed, now: s.now ?? options.now });
    const store = new ShopStore(data, { scopes: s.scopes ?? [...DEFAULT_SCOPES] });
    store.onEvent((e) => {
      const always = [
        "app/uninstalled",
        "shop/redact",
        "customers/redact",
        "customers/data_request",
      ];
      if (!store.installed && !always.includes(e.topic)) return;
      const scope = scopeForTopic(e.topic);
      if (scope && !store.hasScope(scope)) return; // Shopify delivers only what was granted
      deliver(store, e.topic, payloadFor(store, e), e.at);
    });
    stores.set(domain, store);
    buckets.set(domain, makeBucket());
    log("shop generated", {
      shop: domain,
      ms: Math.round(performance.now() - started),
      variants: data.variants.length,
      orders: data.orders.length,
    });
    return store;
  };
  for (const spec of options.shops ?? ["demo-gear.myshopify.com"]) addShop(spec);

  const knownStore = (shop: string): ShopStore => {
    const store = stores.get(shop);
    if (!store) throw new Error(`unknown shop ${shop}`);
    return store;
  };

  const live = (shop: string) => {
    let sim = lives.get(shop);
    if (!sim) {
      sim = new LiveSimulation(
        knownStore(shop),
        typeof options.live === "object" ? options.live : {},
      );
      lives.set(shop, sim);
    }
    return sim;
  };

  const uninstall = (shop: string) => {
    const store = knownStore(shop);
    tokens.revokeShop(shop);
    lives.get(shop)?.stop();
    store.uninstall();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const shop = shopOf(req);
    const store = shop ? stores.get(shop) : undefined;

    if (url.pathname === "/admin/oauth/access_token" && req.method === "POST") {
      if (!store) return reply(404, { errors: "Not Found" });
      const body = parseBody(await readBody(req), req.headers["content-type"]);
      if (!body)
        return reply(400, { error: "invalid_request", error_description: "Body is not valid." });
      const answer = tokens.handle(store.domain, store.scopes.join(","), body);
      // A token exchange is how a managed install (or reinstall) reaches the app.
      if (answer.status === 200 && !store.installed) store.reinstall();
      return reply(answer.status, answer.body);
    }

    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (gql && req.method === "POST") {
      if (!store || !API_VERSION.test(gql[1]!)) return reply(404, { errors: "Not Found" });
      const tokenHeader = req.headers["x-shopify-access-token"];
      const token = tokens.lookup(
        Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader,
        store.domain,
      );
      if (!token) return reply(401, { errors: INVALID_TOKEN });
      const fault = graphqlFaults.get(store.domain);
      if (fault && fault.count > 0) {
        fault.count--;
        return reply(fault.status, { errors: "Internal Server Error" });
      }
      const body = parseBody(await readBody(req), "application/json");
      if (!body) return reply(400, { errors: { query: "Required parameter missing or invalid" } });
      const answer = await runGraphql(
        body,
        { store, bulk, isBulk: false, now: Date.now(), apiVersion: gql[1]! },
        buckets.get(store.domain)!,
      );
      return reply(answer.status, answer.body, { "x-shopify-api-version": gql[1]! });
    }

    const download = /^\/bulk-results\/[^/]+\/bulk-(\d+)\.jsonl$/.exec(url.pathname);
    if (download && req.method === "GET") {
      const found = bulk.resolveDownload(Number(download[1]), url.searchParams);
      if ("status" in found) {
        const xml = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${found.reason}</Code></Error>`;
        res.writeHead(found.status, { "content-type": "application/xml; charset=UTF-8" });
        res.end(xml);
        return found.status;
      }
      res.writeHead(200, { "content-type": "application/jsonl" });
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(found.file);
        stream.on("error", reject);
        res.on("close", () => {
          stream.destroy();
          resolve();
        });
        stream.pipe(res);
      });
      return 200;
    }

    if (url.pathname === "/__fake/health")
      return reply(200, { ok: true, shops: [...stores.keys()] });
    if (url.pathname === "/__fake/shops" && req.method === "GET") {
      return reply(
        200,
        [...stores.values()].map((s) => ({
          domain: s.domain,
          installed: s.installed,
          live: lives.get(s.domain)?.running ?? false,
          stats: shopStats(s.data),
        })),
      );
    }
    const control = /^\/__fake\/shops\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
    if (control && req.method === "POST") {
      const target = stores.get(control[1]!);
      if (!target) return reply(404, { error: "unknown shop" });
      const body = parseBody(await readBody(req), "application/json") ?? {};
      switch (control[2]) {
        case "uninstall":
          uninstall(target.domain);
          return reply(200, { ok: true });
        case "live-start":
          live(target.domain).start();
          return reply(200, { ok: true });
        case "live-stop":
          live(target.domain).stop();
          return reply(200, { ok: true });
        case "tick":
          return reply(200, live(target.domain).tick(Number(body.simulatedMs ?? 3_600_000)));
        case "drop-webhooks":
          webhooks.dropNext(Number(body.count ?? 1), (body.topic as string | undefined) ?? null);
          return reply(200, { ok: true });
        case "shop-redact":
          target.redactShop();
          return reply(200, { ok: true });
        default:
          return reply(404, { error: "unknown action" });
      }
    }
    return reply(404, { errors: "Not Found" });

    function reply(status: number, body: unknown, headers?: Record<string, string>) {
      sendJson(res, status, body, headers);
      return status;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res)
      .then((status) => {
        requests.push({
          method: req.method ?? "",
          path: (req.url ?? "").split("?")[0]!,
          shop: shopOf(req),
          status,
        });
        if (requests.length > 5000) requests.splice(0, requests.length - 5000);
      })
      .catch((err) => {
        log("request failed", { path: req.url, error: String(err) });
        if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
        else res.destroy();
      });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  publicUrl ||= url;

  if (options.live) for (const shop of stores.keys()) live(shop).start();

  return {
    url,
    port,
    store: knownStore,
    shops: () => [...stores.keys()],
    addShop(spec) {
      const s = addShop(spec);
      if (options.live) live(s.domain).start();
      return s;
    },
    tokens,
    webhooks,
    bulk,
    bucket(shop) {
      const b = buckets.get(shop);
      if (!b) throw new Error(`unknown shop ${shop}`);
      return b;
    },
    setBucket(shop, size) {
      const b = makeBucket(size.maximumAvailable, size.restoreRate);
      buckets.set(shop, b);
      return b;
    },
    faults: {
      failGraphql(shop, count, status = 502) {
        graphqlFaults.set(shop, { count, status });
      },
      failNextBulk(shop, code = "INTERNAL_SERVER_ERROR") {
        bulk.failNext.set(shop, code);
      },
      nullRefundLineIds(shop, on = true) {
        knownStore(shop).nullRefundLineIds = on;
      },
    },
    live,
    uninstall,
    requests,
    async close() {
      for (const sim of lives.values()) sim.stop();
      await webhooks.close();
      bulk.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
