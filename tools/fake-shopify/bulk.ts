// Bulk query operations: validated like Shopify's (at least one connection, at most five, nesting
// at most two deep, no connection inside a list, nested connections need their parent's id),
// run asynchronously (CREATED → RUNNING → COMPLETED), written as JSONL to a file served over HTTP
// by a signed URL that expires, and announced by the bulk_operations/finish webhook.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import type { GraphQLError } from "graphql";
import {
  Kind,
  execute,
  getNamedType,
  getNullableType,
  isListType,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { adminSchema } from "./resolvers.ts";
import { flattenBulkResult } from "./jsonl.ts";
import { connectionNodeType, fieldsOf, fragmentsOf, isConnectionType } from "./query-schema.ts";
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
  /** Query operations that may run at once per shop. */
  maxConcurrent: number;
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

  run(store: ShopStore, query: string): BulkRunResult {
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
    const problem = bulkQueryProblem(doc);
    if (problem) return invalid(problem);

    const running = [...this.ops.values()].filter(
      (o) => o.shop === store.domain && ACTIVE.includes(o.status),
    );
    if (running.length >= this.opts.maxConcurrent) {
      const gid = `gid://shopify/BulkOperation/${running[0]!.id}`;
      return {
        bulkOperation: null,
        userErrors: [
          {
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
    const out = createWriteStream(file);
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
        if (!out.write(text)) await once(out, "drain");
      }
      if (!window.more || isCanceling(op)) break;
      window.offset += window.size;
    }
    out.end();
    await once(out, "finish");
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

/** Why Shopify would refuse this as a bulk query, or null. */
export function bulkQueryProblem(doc: DocumentNode): string | null {
  const schema = adminSchema();
  const ops = doc.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (ops.length !== 1) return "Bulk queries must contain exactly one operation.";
  const op = ops[0]!;
  if (op.operation !== "query") return "Bulk queries must be query operations.";
  const fragments = fragmentsOf(doc);
  let connections = 0;
  let problem: string | null = null;

  const walk = (
    type: GraphQLCompositeType,
    set: SelectionSetNode,
    depth: number,
    inList: boolean,
  ) => {
    for (const sel of set.selections) {
      if (problem) return;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition
          ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType)
          : type;
        walk(cond, sel.selectionSet, depth, inList);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (frag)
          walk(
            schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType,
            frag.selectionSet,
            depth,
            inList,
          );
        continue;
      }
      const def = fieldsOf(type)[sel.name.value];
      if (!def || !sel.selectionSet) continue;
      const named = getNamedType(def.type) as GraphQLCompositeType;
      if (isConnectionType(named)) {
        connections++;
        if (inList) {
          problem =
            "Queries that contain a connection field within a list field are not currently supported.";
          return;
        }
        if (depth + 1 > 2) {
          problem = "Bulk queries cannot contain connections with a nesting depth greater than 2.";
          return;
        }
        const nodeType = connectionNodeType(named);
        for (const inner of sel.selectionSet.selections) {
          if (inner.kind !== Kind.FIELD || !inner.selectionSet) continue;
          let nodeSet: SelectionSetNode | undefined;
          if (inner.name.value === "nodes") nodeSet = inner.selectionSet;
          if (inner.name.value === "edges") {
            const n = inner.selectionSet.selections.find(
              (s) => s.kind === Kind.FIELD && s.name.value === "node",
            );
            if (n && n.kind === Kind.FIELD) nodeSet = n.selectionSet;
          }
          if (!nodeSet) continue;
          if (hasNestedConnection(schema, nodeType, nodeSet, fragments) && !selectsId(nodeSet)) {
            problem = `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'Node' type. Connection field: '${sel.name.value}'`;
            return;
          }
          walk(nodeType, nodeSet, depth + 1, false);
        }
        continue;
      }
      walk(named, sel.selectionSet, depth, inList || isListType(getNullableType(def.type)));
    }
  };
  walk(schema.getQueryType()!, op.selectionSet, 0, false);
  if (problem) return problem;
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
  return null;
}

function selectsId(set: SelectionSetNode): boolean {
  return set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias);
}

function hasNestedConnection(
  schema: ReturnType<typeof adminSchema>,
  type: GraphQLCompositeType,
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = fragments[sel.name.value];
      if (
        frag &&
        hasNestedConnection(
          schema,
          schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType,
          frag.selectionSet,
          fragments,
        )
      )
        return true;
      continue;
    }
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (hasNestedConnection(schema, type, sel.selectionSet, fragments)) return true;
      continue;
    }
    const def = fieldsOf(type)[sel.name.value];
    if (!def || !sel.selectionSet) continue;
    const named = getNamedType(def.type) as GraphQLCompositeType;
    if (isConnectionType(named)) return true;
    if (hasNestedConnection(schema, named, sel.selectionSet, fragments)) return true;
  }
  return false;
}
