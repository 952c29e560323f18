// Bulk query operations: validated like Shopify's (tools/shopify-schema/bulk-rules.ts), run
// asynchronously (CREATED → RUNNING → COMPLETED), written as JSONL to a file served over HTTP by a
// signed URL that expires, and announced by the bulk_operations/finish webhook. As in API 2026-01
// and later: up to five query operations run at once per shop (then LIMIT_REACHED; one before
// 2026-01, then OPERATION_IN_PROGRESS), and the output is ungrouped unless the query asked for
// groupObjects: true — lines in a seeded shuffled order, children before or after their parent.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GraphQLError } from "graphql";
import {
  Kind,
  execute,
  parse,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from "graphql";
import { adminSchema } from "./resolvers.ts";
import { flattenBulkResult } from "./jsonl.ts";
import { groupedSink, shuffledSink } from "./jsonl-sink.ts";
import { fragmentsOf } from "../shopify-schema/query-schema.ts";
import { bulkQueryProblem } from "../shopify-schema/bulk-rules.ts";
import type { ShopStore } from "./store.ts";
import type { BulkApi, BulkWindow } from "./context.ts";

export type BulkStatus =
  "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export type BulkOperationView = {
  id: number;
  status: BulkStatus;
  errorCode: BulkErrorCode | null;
  type: "QUERY";
  query: string;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
};

export type BulkRunResult = {
  bulkOperation: BulkOperationView | null;
  userErrors: { field: string[] | null; message: string; code?: string | null }[];
};

type Op = Omit<BulkOperationView, "url" | "partialDataUrl"> & {
  shop: string;
  grouped: boolean;
  file: string | null;
  partial: boolean;
  timer: NodeJS.Timeout | null;
};

export type BulkOptions = {
  dir: string;
  publicUrl: () => string;
  secret: string;
  /** Shortest time from CREATED to COMPLETED, so pollers see RUNNING (default 300 ms). */
  minDurationMs: number;
  /** How long result URLs stay valid (Shopify: 7 days). */
  urlTtlMs: number;
  /** Query operations that may run at once per shop (default: as the API version allows). */
  maxConcurrent?: number;
  clock: () => number;
  onFinish: (store: ShopStore, op: BulkOperationView) => void;
};

const ACTIVE: BulkStatus[] = ["CREATED", "RUNNING", "CANCELING"];
// Top-level nodes per execution window (bounds the memory of one window's result tree).
const BULK_WINDOW = 2_000;

export class BulkOperations implements BulkApi {
  private readonly opts: BulkOptions;
  private readonly ops = new Map<number, Op>();
  private nextId = 4_400_000_000;
  /** Error code the next operation of a shop fails with (tests). */
  readonly failNext = new Map<string, BulkErrorCode>();

  constructor(opts: BulkOptions) {
    this.opts = opts;
    mkdirSync(opts.dir, { recursive: true });
  }

  private view(op: Op): BulkOperationView {
    // Like Shopify, an operation that found nothing has no file to download.
    const url =
      op.file && op.status === "COMPLETED" && op.objectCount > 0 ? this.signedUrl(op) : null;
    const partialDataUrl = op.file && op.partial ? this.signedUrl(op) : null;
    const { shop: _shop, file: _file, partial: _partial, timer: _timer, ...rest } = op;
    return { ...rest, url, partialDataUrl };
  }

  private signature(id: number, expires: number): string {
    return createHmac("sha256", this.opts.secret).update(`${id}.${expires}`).digest("hex");
  }

  private signedUrl(op: Op): string {
    const expires = (op.completedAt ?? this.opts.clock()) + this.opts.urlTtlMs;
    const shopSlug = op.shop.replace(/\.myshopify\.com$/, "");
    const q = new URLSearchParams({
      "X-Goog-Expires": String(Math.round(this.opts.urlTtlMs / 1000)),
      expires: String(expires),
      signature: this.signature(op.id, expires),
    });
    return `${this.opts.publicUrl()}/bulk-results/${shopSlug}/bulk-${op.id}.jsonl?${q}`;
  }

  /** The file behind a result URL, or why it cannot be served. */
  resolveDownload(
    opId: number,
    params: URLSearchParams,
  ): { file: string } | { status: number; reason: string } {
    const op = this.ops.get(opId);
    const expires = Number(params.get("expires"));
    const given = Buffer.from(params.get("signature") ?? "", "hex");
    const wanted = Buffer.from(this.signature(opId, expires), "hex");
    if (!op || !op.file || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return { status: 403, reason: "AccessDenied" };
    }
    if (this.opts.clock() > expires) return { status: 400, reason: "ExpiredToken" };
    return { file: op.file };
  }

  get(shop: string, id: number): BulkOperationView | null {
    const op = this.ops.get(id);
    return op && op.shop === shop ? this.view(op) : null;
  }

  current(shop: string): BulkOperationView | null {
    let latest: Op | undefined;
    for (const op of this.ops.values()) if (op.shop === shop) latest = op;
    return latest ? this.view(latest) : null;
  }

  /** The shop's operations, oldest first. */
  list(shop: string): BulkOperationView[] {
    return [...this.ops.values()].filter((o) => o.shop === shop).map((o) => this.view(o));
  }

  run(
    store: ShopStore,
    query: string,
    opts: { groupObjects?: boolean; apiVersion?: string } = {},
  ): BulkRunResult {
    const invalid = (message: string): BulkRunResult => ({
      bulkOperation: null,
      userErrors: [{ field: ["query"], message, code: "INVALID" }],
    });
    let doc: DocumentNode;
    try {
      doc = parse(query);
    } catch (e) {
      return invalid(`Invalid bulk query: ${(e as GraphQLError).message}`);
    }
    const errors = validate(adminSchema(), doc);
    if (errors.length) return invalid(`Invalid bulk query: ${errors[0]!.message}`);
    const problem = bulkQueryProblem(doc, adminSchema());
    if (problem) return invalid(problem);

    const running = [...this.ops.values()].filter(
      (o) => o.shop === store.domain && ACTIVE.includes(o.status),
    );
    const several = concurrentQueriesAllowed(opts.apiVersion);
    if (running.length >= (this.opts.maxConcurrent ?? several)) {
      const gid = `gid://shopify/BulkOperation/${running[0]!.id}`;
      return {
        bulkOperation: null,
        userErrors: [
          several > 1
            ? {
                field: null,
                message: `Bulk operations limit reached: ${several} bulk query operations are already running for this app and shop. Please try again later.`,
                code: "LIMIT_REACHED",
              }
            : {
                field: null,
                message: `A bulk query operation for this app and shop is already in progress: ${gid}.`,
                code: "OPERATION_IN_PROGRESS",
              },
        ],
      };
    }

    this.nextId += 1 + (this.nextId % 3);
    const op: Op = {
      id: this.nextId,
      shop: store.domain,
      grouped: opts.groupObjects === true,
      status: "CREATED",
      errorCode: null,
      type: "QUERY",
      query,
      createdAt: this.opts.clock(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      file: null,
      partial: false,
      timer: null,
    };
    this.ops.set(op.id, op);
    op.timer = setTimeout(() => void this.execute(store, op, doc), 10);
    return { bulkOperation: this.view(op), userErrors: [] };
  }

  cancel(shop: string, id: number): BulkRunResult {
    const op = this.ops.get(id);
    if (!op || op.shop !== shop) {
      return {
        bulkOperation: null,
        userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
      };
    }
    if (!ACTIVE.includes(op.status)) {
      return {
        bulkOperation: this.view(op),
        userErrors: [
          {
            field: null,
            message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`,
          },
        ],
      };
    }
    op.status = "CANCELING";
    return { bulkOperation: this.view(op), userErrors: [] };
  }

  private async execute(store: ShopStore, op: Op, doc: DocumentNode) {
    op.timer = null;
    if (op.status === "CANCELING") return this.finish(store, op, "CANCELED", null);
    op.status = "RUNNING";
    const started = this.opts.clock();
    const schema = adminSchema();
    const operation = doc.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!;
    const fragments = fragmentsOf(doc);
    const file = join(this.opts.dir, `bulk-${op.id}-${randomBytes(6).toString("hex")}.jsonl`);
    const out = op.grouped ? groupedSink(file) : shuffledSink(file, `bulk-${op.id}`);
    let bytes = 0;
    const window: BulkWindow = { offset: 0, size: BULK_WINDOW, more: false };
    for (;;) {
      window.more = false;
      const result = await execute({
        schema,
        document: doc,
        contextValue: {
          store,
          bulk: this,
          isBulk: true,
          now: this.opts.clock(),
          bulkWindow: window,
        },
      });
      if (result.errors?.length) {
        out.destroy();
        const denied = result.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
        return this.finish(store, op, "FAILED", denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR");
      }
      const lines = flattenBulkResult(schema, operation, fragments, result.data ?? {}, {
        connectionsOnly: window.offset > 0,
      });
      for (const line of lines) {
        if (isCanceling(op)) break;
        const text = JSON.stringify(line.object) + "\n";
        bytes += Buffer.byteLength(text);
        op.objectCount++;
        if (line.root) op.rootObjectCount++;
        await out.write(text);
      }
      if (!window.more || isCanceling(op)) break;
      window.offset += window.size;
    }
    await out.close();
    op.file = file;
    op.fileSize = op.objectCount > 0 ? bytes : null;

    const wait = this.opts.minDurationMs - (this.opts.clock() - started);
    if (wait > 0) await new Promise((r) => (op.timer = setTimeout(r, wait)));
    op.timer = null;
    if (isCanceling(op)) return this.finish(store, op, "CANCELED", null);
    const fault = this.failNext.get(store.domain);
    if (fault) {
      this.failNext.delete(store.domain);
      op.partial = true;
      return this.finish(store, op, "FAILED", fault);
    }
    this.finish(store, op, "COMPLETED", null);
  }

  private finish(store: ShopStore, op: Op, status: BulkStatus, errorCode: BulkErrorCode | null) {
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = this.opts.clock();
    if (status !== "COMPLETED" && !op.partial) op.fileSize = null;
    this.opts.onFinish(store, this.view(op));
  }

  close() {
    for (const op of this.ops.values()) if (op.timer) clearTimeout(op.timer);
    rmSync(this.opts.dir, { recursive: true, force: true });
  }
}

// A cancel request can land while the operation awaits; re-read the status.
function isCanceling(op: { status: BulkStatus }): boolean {
  return op.status === "CANCELING";
}

/** Bulk query operations an app may run at once per shop in an API version (Shopify's guide). */
export function concurrentQueriesAllowed(apiVersion: string | undefined): number {
  if (!apiVersion || apiVersion === "unstable") return 5;
  return apiVersion >= "2026-01" ? 5 : 1;
}
