// A completed bulk operation for a query, surviving restarts: the operation id is saved the moment
// Shopify accepts it, so a restarted worker waits for that operation instead of starting a second
// one. Shopify runs one bulk query per app and shop at a time: when another is in progress (ours
// from a crashed attempt, or a reconciliation's) we wait for it to end, then start ours.
import type { ShopifyAdmin } from "../../infra/shopify-admin.ts";
import { ShopifyAdminError, bulkNotCompleted } from "../../infra/shopify-admin.ts";
import type { BulkOperation } from "../../infra/shopify-queries.ts";
import type { Logger } from "../../infra/log.ts";
import type { BulkWake } from "./bulk-wake.ts";
import type { BackfillContext } from "./context.ts";

export type BulkRun = {
  admin: ShopifyAdmin;
  wake: BulkWake;
  log: Logger;
  signal?: AbortSignal;
  /** The operation a previous attempt started, if any. */
  savedId: string | null;
  /** Persists the id of an operation just started (before anything else can fail). */
  save: (id: string | null) => Promise<void>;
  /** Called on every poll (heartbeat, progress). */
  onPoll?: (op: BulkOperation) => void | Promise<void>;
  pollMs?: number;
};

// Operations that failed on Shopify's side are started again this many times within one attempt.
const RESTARTS = 2;

export async function completedBulkOperation(query: string, r: BulkRun): Promise<BulkOperation> {
  let id = r.savedId;
  let restarts = 0;
  for (;;) {
    if (id) {
      const op = await waitFor(r, id).catch(async (err) => {
        // Gone (Shopify keeps operations for a week; a simulated store forgets on restart).
        if ((await r.admin.bulkOperation(id!, r.signal)) === null) return null;
        throw err;
      });
      if (!op) {
        id = null;
        await r.save(null);
        continue;
      }
      if (op.status === "COMPLETED") return op;
      r.log.warn(
        { shop: r.admin.shop, op: op.id, status: op.status, errorCode: op.errorCode },
        "bulk operation did not complete; starting it again",
      );
      if (op.errorCode === "ACCESS_DENIED" || ++restarts > RESTARTS) {
        throw bulkNotCompleted(r.admin.shop, op);
      }
      id = null;
      await r.save(null);
    }
    try {
      const started = await r.admin.startBulkQuery(query, r.signal);
      id = started.id;
      await r.save(id);
    } catch (err) {
      if (!(err instanceof ShopifyAdminError) || err.code !== "OPERATION_IN_PROGRESS") throw err;
      const current = await r.admin.currentBulkOperation(r.signal);
      if (current && ["CREATED", "RUNNING", "CANCELING"].includes(current.status)) {
        r.log.info(
          { shop: r.admin.shop, op: current.id },
          "another bulk operation runs; waiting for it",
        );
        await waitFor(r, current.id);
      }
    }
  }
}

async function waitFor(r: BulkRun, id: string): Promise<BulkOperation> {
  try {
    return await r.admin.waitForBulkOperation(id, {
      signal: r.signal,
      finished: r.wake.finished(id),
      pollMs: r.pollMs ?? 1_000,
      maxPollMs: 10_000,
      onProgress: (op) => void r.onPoll?.(op),
    });
  } finally {
    r.wake.forget(id);
  }
}

/** A backfill step's bulk operation: its id lives in the run's cursor, polls are heartbeats. */
export function backfillBulkOperation(
  ctx: BackfillContext,
  query: string,
  saved: "catalogOp" | "ordersOp",
): Promise<BulkOperation> {
  const { progress } = ctx;
  return completedBulkOperation(query, {
    admin: ctx.admin,
    wake: ctx.wake,
    log: ctx.log,
    signal: ctx.signal,
    savedId: progress.state[saved] ?? null,
    save: async (id) => {
      progress.state[saved] = id;
      await progress.save();
    },
    onPoll: () => progress.beat(),
  });
}
