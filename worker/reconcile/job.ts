// The sync queue's "reconcile" job (scheduled per shop, or added on demand): re-reads the shop's
// inventory levels and repairs drift left by lost or late webhooks, recording what it corrected
// in a sync_runs row (kind 'reconcile': checked, corrected, and the first corrections).
import type { Job } from "bullmq";
import { withTx, type Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import type { ReconcileJobData } from "../../infra/sync-jobs.ts";
import { NoSessionError, type ShopifySessions } from "../shopify-session.ts";
import type { BulkWake } from "../backfill/bulk-wake.ts";
import { shopGone } from "../backfill/shop-gone.ts";
import { bulkLevels, pagedLevels } from "./read-levels.ts";
import { repairIncoming, repairLevels, type Correction } from "./repair.ts";
import type { ReconcileSchedules } from "./schedule.ts";
import { reconcileCorrections, reconcileRuns } from "./metrics.ts";

export type ReconcileDeps = {
  db: Db;
  log: Logger;
  sessions: ShopifySessions;
  wake: BulkWake;
  schedules: ReconcileSchedules;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  /** Shops with more levels than this are read with a bulk operation. */
  bulkAboveLevels: number;
  stopping: AbortSignal;
  /** Re-read stock on its way too (lost transfer and shipment webhooks heal with the sweep). */
  triggerIncoming?: (shopId: number) => Promise<unknown>;
};

// What a run keeps of its corrections (the count is always complete).
const KEPT_CORRECTIONS = 50;
// A run (sweep or backfill) silent for this long is presumed dead: a new sweep may start.
const OVERLAP_GUARD = "10 minutes";

export function reconcileProcessor(d: ReconcileDeps) {
  return async (job: Job<ReconcileJobData>): Promise<string> => {
    const { shopId } = job.data;
    const { rows } = await d.db.pool.query<{
      domain: string;
      status: string;
      timezone: string;
      backfill_phase: string | null;
      levels: number;
      running: boolean;
    }>(
      `SELECT s.domain, s.status, s.timezone, s.backfill_phase,
              (SELECT count(*)::int FROM inventory_levels l WHERE l.shop_id = s.id) AS levels,
              EXISTS (SELECT 1 FROM sync_runs r WHERE r.shop_id = s.id AND r.kind = 'reconcile'
                        AND r.finished_at IS NULL
                        AND r.updated_at > now() - interval '${OVERLAP_GUARD}') AS running
       FROM shops s WHERE s.id = $1`,
      [shopId],
    );
    const shop = rows[0];
    if (!shop || shop.status !== "installed") {
      await d.schedules.stop(shopId); // a schedule that outlived its shop
      return "uninstalled";
    }
    // Before the backfill finished there is nothing to compare; a sweep in progress would only be
    // doubled. A backfill's tail (refund lines) does not touch levels: the sweep runs beside it,
    // its bulk export too (five may run at once per shop).
    if (shop.backfill_phase !== "done" || shop.running) return "skipped";

    const log = d.log.child({ shop: shop.domain, shopId, jobId: job.id });
    const mode = shop.levels > d.bulkAboveLevels ? "bulk" : "paged";
    const run = await d.db.pool.query<{ id: string }>(
      `INSERT INTO sync_runs (shop_id, kind, phase, state) VALUES ($1, 'reconcile', 'running', $2) RETURNING id`,
      [shopId, JSON.stringify({ mode })],
    );
    const runId = run.rows[0]!.id;
    const started = performance.now();
    let checked = 0;
    let corrected = 0;
    let incomingChanged = 0;
    const kept: Correction[] = [];
    try {
      const { admin } = await d.sessions.adminFor(shop.domain, { log });
      const batches =
        mode === "bulk"
          ? bulkLevels(admin, { wake: d.wake, log, signal: d.stopping, batchSize: 2_000 })
          : pagedLevels(admin, d.stopping);
      for await (const batch of batches) {
        checked += batch.length;
        const fixed = await withTx(d.db.pool, async (tx) => {
          incomingChanged += await repairIncoming(tx, shopId, batch);
          return repairLevels(tx, shopId, shop.timezone, batch);
        });
        corrected += fixed.length;
        kept.push(...fixed.slice(0, KEPT_CORRECTIONS - kept.length));
        await d.db.pool.query(
          `UPDATE sync_runs SET updated_at = now() WHERE shop_id = $1 AND id = $2`,
          [shopId, runId],
        );
      }
      // The repairs marked their variants dirty; the recompute picks them up.
      if (corrected + incomingChanged > 0) await d.triggerRecompute(shopId);
      await d.triggerIncoming?.(shopId);
      const stats = {
        mode,
        checked,
        corrected,
        incomingChanged,
        corrections: kept,
        seconds: Math.round(performance.now() - started) / 1000,
      };
      await finishRun(d.db, shopId, runId, "done", stats, null);
      reconcileRuns.inc({ result: "done" });
      reconcileCorrections.inc(corrected);
      if (corrected > 0)
        log.warn(
          { checked, corrected, corrections: kept.slice(0, 5) },
          "reconciliation repaired drift",
        );
      else log.info({ checked, seconds: stats.seconds }, "reconciliation found no drift");
      return `corrected ${corrected} of ${checked}`;
    } catch (err) {
      const stats = { mode, checked, corrected, corrections: kept };
      if (corrected > 0) await d.triggerRecompute(shopId).catch(() => {});
      if (await shopGone(d.db.pool, shopId)) {
        // Uninstalled mid-sweep (the token is revoked): nothing failed, there is nothing to do.
        await finishRun(
          d.db,
          shopId,
          runId,
          "cancelled",
          stats,
          "the shop uninstalled the app",
        ).catch(() => {});
        await d.schedules.stop(shopId).catch(() => {});
        return "uninstalled";
      }
      const reason =
        err instanceof NoSessionError ? "the shop has no offline session" : String(err);
      await finishRun(d.db, shopId, runId, "failed", stats, reason).catch(() => {});
      reconcileRuns.inc({ result: "failed" });
      log.warn(
        { err: reason, checked, corrected },
        "reconciliation failed; the next one will try again",
      );
      throw err;
    }
  };
}

async function finishRun(
  db: Db,
  shopId: number,
  runId: string,
  phase: "done" | "failed" | "cancelled",
  stats: object,
  error: string | null,
) {
  await db.pool.query(
    `UPDATE sync_runs SET phase = $3, pct = 100, stats = $4, error = $5, updated_at = now(), finished_at = now()
     WHERE shop_id = $1 AND id = $2`,
    [shopId, runId, phase, JSON.stringify(stats), error?.slice(0, 1000) ?? null],
  );
}
