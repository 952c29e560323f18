// Our one module for the Shopify Admin API (GraphQL). It wraps the official client
// (@shopify/admin-api-client, the client @shopify/shopify-api builds for shopify.clients.Graphql)
// and adds what a worker needs: cost-aware throttling against the shop's leaky bucket, bounded
// retries on 5xx and network errors (cockatiel), token refresh on 401, paging, and bulk operations
// whose JSONL result is streamed line by line, never loaded whole.
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createAdminApiClient, type AdminApiClient } from "@shopify/admin-api-client";
import { ADMIN_API_VERSION } from "./shopify-api-version.ts";
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from "cockatiel";
import {
  BULK_OPERATION_QUERY,
  BULK_RUN_MUTATION,
  RUNNING_BULK_OPERATIONS_QUERY,
  type BulkOperation,
  type BulkOperationData,
  type BulkRunData,
  type PageInfo,
  type RunningBulkOperationsData,
} from "./shopify-queries.ts";

export { ADMIN_API_VERSION };

export type ThrottleStatus = {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
};
export type QueryCost = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
};
export type GraphqlErrorInfo = {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
};

export type ShopifyErrorKind =
  | "network" // no answer (connection refused, reset, timeout)
  | "http" // an HTTP error status other than 401/403
  | "auth" // 401/403: token expired or revoked (uninstalled)
  | "graphql" // the query ran and Shopify reported errors
  | "throttled" // still throttled after the allowed waits
  | "bulk"; // a bulk operation was refused or did not complete

export class ShopifyAdminError extends Error {
  override name = "ShopifyAdminError";
  readonly kind: ShopifyErrorKind;
  readonly shop: string;
  readonly status: number | null;
  readonly code: string | null;
  readonly graphqlErrors: GraphqlErrorInfo[];
  readonly bulkOperation: BulkOperation | null;

  constructor(
    kind: ShopifyErrorKind,
    shop: string,
    message: string,
    extra: {
      status?: number | null;
      code?: string | null;
      graphqlErrors?: GraphqlErrorInfo[];
      bulkOperation?: BulkOperation | null;
      cause?: unknown;
    } = {},
  ) {
    super(`${shop}: ${message}`, { cause: extra.cause });
    this.kind = kind;
    this.shop = shop;
    this.status = extra.status ?? null;
    this.code = extra.code ?? null;
    this.graphqlErrors = extra.graphqlErrors ?? [];
    this.bulkOperation = extra.bulkOperation ?? null;
  }

  /** Worth trying again later: Shopify or the network failed, not our request. */
  get retryable(): boolean {
    return (
      this.kind === "network" ||
      this.kind === "throttled" ||
      (this.kind === "http" && (this.status === 429 || (this.status ?? 0) >= 500))
    );
  }
}

/** Gives the access token; asked again with refresh: true after Shopify answers 401. */
export type AccessTokenSource = string | ((opts: { refresh: boolean }) => Promise<string>);

type Log = {
  debug: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
};

export type ShopifyAdminOptions = {
  shop: string;
  accessToken: AccessTokenSource;
  apiVersion?: string;
  log?: Log;
  /** Attempts per request on 5xx/429/network errors, first included (default 4). */
  maxAttempts?: number;
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  /** THROTTLED answers waited out per request before giving up (default 20). */
  maxThrottleWaits?: number;
  /** Tests: a fetch to use instead of the global one. */
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Called before every wait for the cost bucket (metrics, tests). */
  onThrottleWait?: (info: { waitMs: number; cost: number; available: number }) => void;
};

export type RequestOptions = {
  variables?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Expected cost, to wait for the bucket before sending (default: what this query cost last time). */
  cost?: number;
};

export type Page<T> = { nodes: T[]; pageInfo: PageInfo };

export type WaitOptions = {
  signal?: AbortSignal;
  /** First poll interval; grows by 1.5× up to maxPollMs (defaults 1 s and 15 s). */
  pollMs?: number;
  maxPollMs?: number;
  /** Give up (the operation keeps running at Shopify) after this long (default 6 h). */
  timeoutMs?: number;
  /**
   * Resolves when the bulk_operations/finish webhook for this operation arrives: the wait then
   * polls at once instead of sleeping. The API, not the webhook, stays the source of truth.
   */
  finished?: Promise<unknown>;
  onProgress?: (op: BulkOperation) => void;
};

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);
// Shopify refills continuously; waking a little late avoids a second THROTTLED by rounding.
const THROTTLE_MARGIN_MS = 25;

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * What we know of one shop's bucket: the last status Shopify reported, refilled by elapsed time,
 * minus what requests in flight from this process may take. Shared by every client of the shop.
 */
export class CostBucketEstimate {
  private status: ThrottleStatus | null = null;
  private at = 0;
  private reserved = 0;

  available(now: number): number | null {
    if (!this.status) return null;
    const refill = ((now - this.at) / 1000) * this.status.restoreRate;
    const level = Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + refill);
    return level - this.reserved;
  }

  /** Milliseconds to wait before a request of this cost fits (0 when unknown or it fits now). */
  waitFor(cost: number, now: number): number {
    const available = this.available(now);
    if (available === null || !this.status || cost <= 0) return 0;
    // A query dearer than the whole bucket can only be attempted when the bucket is full.
    const need = Math.min(cost, this.status.maximumAvailable) - available;
    return need <= 0 ? 0 : Math.ceil((need / this.status.restoreRate) * 1000) + THROTTLE_MARGIN_MS;
  }

  reserve(cost: number) {
    this.reserved += cost;
  }

  settle(cost: number, status: ThrottleStatus | null | undefined, now: number) {
    this.reserved = Math.max(0, this.reserved - cost);
    if (status) {
      this.status = status;
      this.at = now;
    }
  }
}

const estimates = new Map<string, CostBucketEstimate>();
const knownCosts = new Map<string, number>();

function estimateFor(shop: string): CostBucketEstimate {
  let e = estimates.get(shop);
  if (!e) {
    e = new CostBucketEstimate();
    estimates.set(shop, e);
  }
  return e;
}

type RawResponse = {
  data?: unknown;
  extensions?: { cost?: Partial<QueryCost> };
  errors?: {
    networkStatusCode?: number;
    message?: string;
    graphQLErrors?: GraphqlErrorInfo[];
  };
};

export class ShopifyAdmin {
  readonly shop: string;
  readonly apiVersion: string;
  private readonly opts: ShopifyAdminOptions;
  private readonly bucket: CostBucketEstimate;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private client: { token: string; api: AdminApiClient } | null = null;

  constructor(opts: ShopifyAdminOptions) {
    this.opts = opts;
    this.shop = opts.shop;
    this.apiVersion = opts.apiVersion ?? ADMIN_API_VERSION;
    this.bucket = estimateFor(opts.shop);
    this.sleep = opts.sleep ?? abortable;
    this.now = opts.now ?? Date.now;
    this.policy = retry(
      handleWhen((e) => e instanceof ShopifyAdminError && e.retryable && e.kind !== "throttled"),
      {
        maxAttempts: (opts.maxAttempts ?? 4) - 1,
        backoff: new ExponentialBackoff({
          initialDelay: opts.retryInitialDelayMs ?? 500,
          maxDelay: opts.retryMaxDelayMs ?? 10_000,
        }),
      },
    );
    this.policy.onRetry((r) =>
      opts.log?.warn(
        { shop: this.shop, delayMs: r.delay, error: "error" in r ? String(r.error) : undefined },
        "shopify request failed; retrying",
      ),
    );
  }

  private async api(refresh: boolean): Promise<AdminApiClient> {
    const source = this.opts.accessToken;
    const token = typeof source === "string" ? source : await source({ refresh });
    if (this.client?.token !== token) {
      this.client = {
        token,
        api: createAdminApiClient({
          storeDomain: this.shop,
          apiVersion: this.apiVersion,
          accessToken: token,
          customFetchApi: this.opts.fetch,
          logger: (entry) => this.opts.log?.debug({ shop: this.shop, entry }, "shopify client"),
        }),
      };
    }
    return this.client.api;
  }

  /** One HTTP exchange; HTTP-level failures become errors, GraphQL errors are returned. */
  private async send(
    query: string,
    variables: Record<string, unknown> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    let refreshed = false;
    for (;;) {
      const api = await this.api(refreshed);
      const res = (await api.request(query, { variables, signal })) as RawResponse;
      const err = res.errors;
      if (!err || err.graphQLErrors?.length) return res;
      if (signal?.aborted) throw signal.reason;
      const status = err.networkStatusCode ?? null;
      if (status === 401 || status === 403) {
        if (status === 401 && !refreshed && typeof this.opts.accessToken === "function") {
          refreshed = true;
          continue;
        }
        throw new ShopifyAdminError("auth", this.shop, `access denied (HTTP ${status})`, {
          status,
        });
      }
      if (status === null) {
        throw new ShopifyAdminError("network", this.shop, err.message ?? "network error");
      }
      throw new ShopifyAdminError("http", this.shop, `HTTP ${status}: ${err.message ?? ""}`, {
        status,
      });
    }
  }

  /**
   * Runs a query or mutation. Waits for the cost bucket before sending when the query is expected
   * to cost more than is available, waits out THROTTLED answers, retries 5xx and network errors.
   */
  async request<T>(
    query: string,
    opts: RequestOptions = {},
  ): Promise<{ data: T; cost: QueryCost | null }> {
    const maxWaits = this.opts.maxThrottleWaits ?? 20;
    let justWaited = false;
    for (let waits = 0; ; waits++) {
      const cost = opts.cost ?? knownCosts.get(query) ?? 0;
      // After waiting out a THROTTLED answer the bucket holds what Shopify said it needed.
      const before = justWaited ? 0 : this.bucket.waitFor(cost, this.now());
      if (before > 0) {
        this.opts.onThrottleWait?.({
          waitMs: before,
          cost,
          available: this.bucket.available(this.now()) ?? 0,
        });
        await this.sleep(before, opts.signal);
      }
      this.bucket.reserve(cost);
      let res: RawResponse | undefined;
      try {
        res = await this.policy.execute(
          () => this.send(query, opts.variables, opts.signal),
          opts.signal,
        );
      } finally {
        this.bucket.settle(cost, res?.extensions?.cost?.throttleStatus, this.now());
      }
      const reported = res.extensions?.cost;
      if (typeof reported?.requestedQueryCost === "number") {
        knownCosts.set(query, reported.requestedQueryCost);
      }
      const errors = res.errors?.graphQLErrors ?? [];
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        if (waits >= maxWaits) {
          throw new ShopifyAdminError(
            "throttled",
            this.shop,
            `still throttled after ${waits} waits`,
            {
              code: "THROTTLED",
            },
          );
        }
        const status = reported?.throttleStatus;
        const requested = reported?.requestedQueryCost ?? cost;
        const waitMs = status
          ? Math.ceil(
              ((Math.min(requested, status.maximumAvailable) - status.currentlyAvailable) /
                status.restoreRate) *
                1000,
            ) + THROTTLE_MARGIN_MS
          : 1000;
        this.opts.onThrottleWait?.({
          waitMs,
          cost: requested,
          available: status?.currentlyAvailable ?? 0,
        });
        this.opts.log?.debug({ shop: this.shop, waitMs, requested }, "shopify throttled; waiting");
        await this.sleep(Math.max(waitMs, THROTTLE_MARGIN_MS), opts.signal);
        justWaited = true;
        continue;
      }
      if (errors.length) {
        const first = errors[0]!;
        throw new ShopifyAdminError("graphql", this.shop, first.message, {
          code: (first.extensions?.code as string | undefined) ?? null,
          graphqlErrors: errors,
        });
      }
      return { data: res.data as T, cost: (reported as QueryCost | undefined) ?? null };
    }
  }

  /**
   * Pages through a connection, yielding one page of nodes at a time (the right size for a
   * set-based write). The query takes an `$after: String` variable.
   */
  async *pages<TData, TNode>(
    query: string,
    select: (data: TData) => Page<TNode> | null | undefined,
    opts: RequestOptions = {},
  ): AsyncGenerator<TNode[]> {
    let after: string | null = null;
    do {
      const { data }: { data: TData } = await this.request<TData>(query, {
        ...opts,
        variables: { ...opts.variables, after },
      });
      const page = select(data);
      if (!page) return;
      yield page.nodes;
      after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    } while (after);
  }

  /**
   * Starts a bulk query, its output ungrouped (Shopify's default since 2026-01: faster, and our
   * readers take lines in any order). A refusal throws with its code: LIMIT_REACHED when the
   * shop's five concurrent bulk queries are taken (OPERATION_IN_PROGRESS before 2026-01).
   */
  async startBulkQuery(bulkQuery: string, signal?: AbortSignal): Promise<BulkOperation> {
    const { data } = await this.request<BulkRunData>(BULK_RUN_MUTATION, {
      variables: { query: bulkQuery, groupObjects: false },
      signal,
    });
    const { bulkOperation, userErrors } = data.bulkOperationRunQuery ?? {
      bulkOperation: null,
      userErrors: [],
    };
    if (userErrors.length || !bulkOperation) {
      const first = userErrors[0];
      throw new ShopifyAdminError("bulk", this.shop, first?.message ?? "bulk operation refused", {
        code: first?.code ?? null,
      });
    }
    return bulkOperation;
  }

  async bulkOperation(id: string, signal?: AbortSignal): Promise<BulkOperation | null> {
    const { data } = await this.request<BulkOperationData>(BULK_OPERATION_QUERY, {
      variables: { id },
      signal,
    });
    return data.bulkOperation ?? null;
  }

  /** The app's bulk queries running at the shop now, newest first. */
  async runningBulkOperations(signal?: AbortSignal): Promise<BulkOperation[]> {
    const { data } = await this.request<RunningBulkOperationsData>(RUNNING_BULK_OPERATIONS_QUERY, {
      signal,
    });
    return data.bulkOperations.nodes;
  }

  /** Polls the operation with growing intervals until it ends (any terminal status). */
  async waitForBulkOperation(id: string, opts: WaitOptions = {}): Promise<BulkOperation> {
    const deadline = this.now() + (opts.timeoutMs ?? 6 * 3_600_000);
    let interval = opts.pollMs ?? 1000;
    let woken = false;
    opts.finished?.then(
      () => (woken = true),
      () => {},
    );
    for (;;) {
      const op = await this.bulkOperation(id, opts.signal);
      if (!op) throw new ShopifyAdminError("bulk", this.shop, `bulk operation ${id} not found`);
      opts.onProgress?.(op);
      if (TERMINAL.has(op.status)) return op;
      if (this.now() > deadline) {
        throw new ShopifyAdminError("bulk", this.shop, `bulk operation ${id} still ${op.status}`, {
          code: "TIMEOUT",
          bulkOperation: op,
        });
      }
      if (!woken) {
        const wake = opts.finished?.then(() => {}) ?? new Promise<void>(() => {});
        await Promise.race([this.sleep(interval, opts.signal), wake]);
      } else {
        // The webhook said it finished but the API disagrees (replicas lag): poll briskly.
        await this.sleep(Math.min(interval, 500), opts.signal);
      }
      interval = Math.min(interval * 1.5, opts.maxPollMs ?? 15_000);
    }
  }

  /**
   * Starts a bulk query and waits for it; resolves with the completed operation (whose url is
   * null when nothing matched) or throws a "bulk" error carrying the operation.
   */
  async runBulkQuery(bulkQuery: string, opts: WaitOptions = {}): Promise<BulkOperation> {
    const started = await this.startBulkQuery(bulkQuery, opts.signal);
    const op = await this.waitForBulkOperation(started.id, opts);
    if (op.status !== "COMPLETED") throw bulkNotCompleted(this.shop, op);
    return op;
  }

  /** Streams the records of a finished bulk operation (see streamBulkResults). */
  bulkRecords<T>(op: BulkOperation, signal?: AbortSignal): AsyncGenerator<T> {
    return streamBulkResults<T>(op.url, { signal, fetch: this.opts.fetch, shop: this.shop });
  }
}

/** The "bulk" error for an operation that ended without completing; it carries the operation. */
export function bulkNotCompleted(shop: string, op: BulkOperation): ShopifyAdminError {
  return new ShopifyAdminError(
    "bulk",
    shop,
    `bulk operation ${op.id} ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}`,
    { code: op.errorCode ?? op.status, bulkOperation: op },
  );
}

export function createShopifyAdmin(opts: ShopifyAdminOptions): ShopifyAdmin {
  return new ShopifyAdmin(opts);
}

/**
 * Reads a bulk operation's JSONL result from its URL one line at a time and yields each parsed
 * record (children carry `__parentId`). Memory stays flat however large the file is. A null URL
 * (Shopify's answer when nothing matched) yields nothing.
 */
export async function* streamBulkResults<T>(
  url: string | null | undefined,
  opts: { signal?: AbortSignal; fetch?: typeof fetch; shop?: string } = {},
): AsyncGenerator<T> {
  if (!url) return;
  const shop = opts.shop ?? new URL(url).host;
  const download = retry(
    handleWhen((e) => e instanceof ShopifyAdminError && e.retryable),
    { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 5_000 }) },
  );
  // Only opening the download is retried: once lines were yielded, a retry would repeat them.
  const res = await download.execute(async () => {
    let r: Response;
    try {
      r = await (opts.fetch ?? fetch)(url, { signal: opts.signal });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new ShopifyAdminError("network", shop, "bulk result download failed", { cause: err });
    }
    if (!r.ok || !r.body) {
      await r.body?.cancel();
      throw new ShopifyAdminError("http", shop, `bulk result download: HTTP ${r.status}`, {
        status: r.status,
      });
    }
    return r;
  }, opts.signal);
  const lines = createInterface({
    input: Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
    crlfDelay: Infinity,
  });
  try {
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      try {
        yield JSON.parse(line) as T;
      } catch (err) {
        throw new ShopifyAdminError("bulk", shop, `bulk result line ${n} is not JSON`, {
          cause: err,
        });
      }
    }
  } finally {
    lines.close();
  }
}

/** "gid://shopify/ProductVariant/123" → "ProductVariant". */
export function gidType(gid: string): string | null {
  return /^gid:\/\/shopify\/(\w+)\//.exec(gid)?.[1] ?? null;
}

/** "gid://shopify/ProductVariant/123" → "123" (a string: ids exceed 2^53 in principle). */
export function legacyId(gid: string): string {
  const m = /^gid:\/\/shopify\/\w+\/(\d+)/.exec(gid);
  if (!m) throw new Error(`not a Shopify GID: ${gid}`);
  return m[1]!;
}

/** The inventory item of an InventoryLevel GID (…/InventoryLevel/1?inventory_item_id=2 → "2"). */
export function levelInventoryItemId(levelGid: string): string | null {
  return /[?&]inventory_item_id=(\d+)/.exec(levelGid)?.[1] ?? null;
}
