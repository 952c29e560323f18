// A completed bulk operation for a query, surviving restarts: the operation id is saved the moment
// Shopify accepts it, so a restarted worker waits for that operation instead of starting a second
// one. Since 2026-01 Shopify runs up to five bulk queries per app and shop at once (the backfill
// starts its catalog and orders exports together, a reconciliation may run beside them); when all
// five are taken Shopify answers LIMIT_REACHED (OPERATION_IN_PROGRESS before 2026-01), and we wait
// for one of ours to end, then start ours. That is a wait, not a failure.
import { setTimeout as sleep } from "node:timers/promises";
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
  /** Longest sleep between attempts to start while the shop's bulk query slots are taken. */
  maxSlotWaitMs?: number;
};

// Operations that failed on Shopify's side are started again this many times within one attempt.
const RESTARTS = 2;
const SLOT_CODES = new Set(["LIMIT_REACHED", "OPERATION_IN_PROGRESS"]);

/** Starts the query unless an operation for it is already saved; returns its id. */
export async function startedBulkOperation(query: string, r: BulkRun): Promise<string> {
  if (r.savedId) return r.savedId;
  let wait = 1_000;
  for (;;) {
    try {
      const started = await r.admin.startBulkQuery(query, r.signal);
      await r.save(started.id);
      return started.id;
    } catch (err) {
      if (!(err instanceof ShopifyAdminError) || !SLOT_CODES.has(err.code ?? "")) throw err;
      await waitForSlot(r, wait);
      wait = Math.min(wait * 2, r.maxSlotWaitMs ?? 30_000);
    }
  }
}

// Until one of the running operations finishes (its webhook wakes us) or the time is up, then the
// caller tries again: the slot may go to someone else, or free up without a webhook reaching us.
async function waitForSlot(r: BulkRun, ms: number) {
  const running = await r.admin.runningBulkOperations(r.signal);
  r.log.info(
    { shop: r.admin.shop, running: running.map((o) => o.id), retryInMs: ms },
    "the shop's bulk query slots are taken; waiting for one",
  );
  // A nap cut short by the first of those operations to finish, or by the worker stopping.
  const done = new AbortController();
  const nap = sleep(ms, undefined, {
    signal: r.signal ? AbortSignal.any([done.signal, r.signal]) : done.signal,
  });
  nap.catch(() => {});
  try {
    await Promise.race([nap, ...running.map((o) => r.wake.finished(o.id))]);
  } finally {
    done.abort();
  }
  r.signal?.throwIfAborted();
}

export async function completedBulkOperation(query: string, r: BulkRun): Promise<BulkOperation> {
  let id = r.savedId;
  let restarts = 0;
  for (;;) {
    id = await startedBulkOperation(query, { ...r, savedId: id });
    const op = await waitFor(r, id).catch(async (err) => {
      // Gone (Shopify keeps operations for a week; a simulated store forgets on restart).
      if ((await r.admin.bulkOperation(id!, r.signal)) === null) return null;
      throw err;
    });
    if (op?.status === "COMPLETED") return op;
    if (op) {
      r.log.warn(
        { shop: r.admin.shop, op: op.id, status: op.status, errorCode: op.errorCode },
        "bulk operation did not complete; starting it again",
      );
      if (op.errorCode === "ACCESS_DENIED" || ++restarts > RESTARTS) {
        throw bulkNotCompleted(r.admin.shop, op);
      }
    }
    id = null;
    await r.save(null);
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

type SavedOp = "catalogOp" | "ordersOp";

function backfillRun(ctx: BackfillContext, saved: SavedOp): BulkRun {
  const { progress } = ctx;
  return {
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
  };
}

/** Starts a backfill step's export ahead of the step (several run at once at Shopify). */
export async function startBackfillBulkOperation(
  ctx: BackfillContext,
  query: string,
  saved: SavedOp,
): Promise<void> {
  await startedBulkOperation(query, backfillRun(ctx, saved));
}

/** A backfill step's bulk operation: its id lives in the run's cursor, polls are heartbeats. */
export function backfillBulkOperation(
  ctx: BackfillContext,
  query: string,
  saved: SavedOp,
): Promise<BulkOperation> {
  return completedBulkOperation(query, backfillRun(ctx, saved));
}
