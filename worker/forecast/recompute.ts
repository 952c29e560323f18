// Recomputes the forecasts of a shop's dirty variants, in batches. Claiming the dirty rows,
// forecasting and writing happen in one transaction per batch: a crash leaves them dirty, and
// two workers never take the same rows (SKIP LOCKED).
import { withTx, type Db, type Queryable, type Tx } from "../../infra/db.ts";
import {
  addDays,
  dayInZone,
  forecastBatch,
  MIN_SHOP_VARIANTS,
  type ShopPooling,
} from "../../domain/forecast/index.ts";
import { loadHistories, loadShopProfile, type ShopProfile } from "./history.ts";
import { readShopSettings } from "../../domain/settings.ts";
import { forecastOptionsFor } from "./options.ts";
import { writeForecasts } from "./write.ts";
import { datedFor, loadIncoming, loadSupplierLeadTimes } from "../../infra/incoming.ts";
import { forecastArrivals, totalIncoming } from "../../domain/incoming/arrivals.ts";
import { keepDailySnapshots } from "../accuracy/snapshots.ts";
import { isBaselinePhase } from "../rules/snapshot.ts";

export const BATCH = 2000;

// `changed`: every variant whose forecast was rewritten; `silent`: those among them dirtied by
// an alert-policy change (evaluated without notifying, see claimPolicyChange); `baseline`: the
// install backfill was still running when this recompute started (read before any row was
// claimed: the backfill cannot finish before this recompute consumed its rows).
export type RecomputeResult = {
  variants: number;
  batches: number;
  changed: string[];
  silent: string[];
  baseline: boolean;
};

export async function recomputeShop(
  db: Db,
  shopId: number,
  now: Date = new Date(),
): Promise<RecomputeResult> {
  if (!Number.isInteger(shopId)) throw new Error(`not a shop id: ${shopId}`); // inlined in SQL below
  const { rows } = await db.pool.query<{
    timezone: string;
    status: string;
    backfill_phase: string | null;
    settings: unknown;
  }>(
    `SELECT s.timezone, s.status, s.backfill_phase, ss.settings
     FROM shops s LEFT JOIN shop_settings ss ON ss.shop_id = s.id WHERE s.id = $1`,
    [shopId],
  );
  const shop = rows[0];
  const result: RecomputeResult = {
    variants: 0,
    batches: 0,
    changed: [],
    silent: [],
    baseline: isBaselinePhase(shop?.backfill_phase ?? null),
  };
  let policyChanged = false;
  if (!shop || shop.status !== "installed") {
    await db.pool.query(`DELETE FROM forecast_dirty WHERE shop_id = $1`, [shopId]);
    return result;
  }
  const settings = readShopSettings(shop.settings);
  // Complete days only: the series ends yesterday in the shop's time zone.
  const asOf = addDays(dayInZone(now, shop.timezone), -1);
  // A batch of a few dirty variants cannot learn the shop's weekly rhythm alone: give it the
  // whole shop's.
  const profile = await shopProfileFor(db, shopId, asOf);

  for (;;) {
    const n = await withTx(
      db.pool,
      async (tx) => {
        // One round trip opens the transaction and claims a batch.
        const [, claimed] = (await tx.query(
          `BEGIN;
         DELETE FROM forecast_dirty WHERE shop_id = ${shopId} AND variant_id IN (
           SELECT variant_id FROM forecast_dirty WHERE shop_id = ${shopId} ORDER BY marked_at LIMIT ${BATCH}
           FOR UPDATE SKIP LOCKED)
         RETURNING variant_id`,
        )) as unknown as { rows: { variant_id: string }[] }[];
        const ids = claimed!.rows.map((r) => r.variant_id);
        if (ids.length === 0) return 0;
        // After claiming the rows: a policy change commits its mark with the rows it dirtied, so
        // if we hold any of them, we see the mark too.
        policyChanged ||= await claimPolicyChange(tx, shopId);
        const loaded = await loadHistories(
          tx,
          shopId,
          shop.timezone,
          ids,
          asOf,
          profile.salesSince,
        );
        // Stock on its way, dated and netted by the day it lands.
        const incoming = await loadIncoming(tx, shopId, ids, shop.timezone);
        const suppliers = incoming.size ? await loadSupplierLeadTimes(tx, shopId) : new Map();
        const today = addDays(asOf, 1);
        const dated = loaded.map((l) =>
          datedFor(
            incoming.get(l.facts.id),
            today,
            l.facts.leadTimeDays ?? settings.leadTimeDays,
            suppliers,
          ),
        );
        const options = loaded.map((l, i) =>
          forecastOptionsFor(settings, l.facts, forecastArrivals(dated[i]!, asOf)),
        );
        // A batch of a few dirty variants cannot show the shop's trend and drift: it takes what
        // the last large batch of this shop measured.
        const { forecasts, shop: pooled } = forecastBatch(
          loaded.map((l) => l.history),
          (i) => options[i]!,
          {
            ...(profile.dayOfWeek ? { dayOfWeek: profile.dayOfWeek } : {}),
            ...(loaded.length < MIN_SHOP_VARIANTS && shopPooling.has(shopId)
              ? { shop: shopPooling.get(shopId)! }
              : {}),
          },
        );
        if (loaded.length >= MIN_SHOP_VARIANTS && pooled !== null) shopPooling.set(shopId, pooled);
        await writeForecasts(
          tx,
          shopId,
          loaded.map(({ facts }, i) => ({
            variantId: facts.id,
            asOf,
            available: facts.available,
            tracked: facts.tracked,
            f: forecasts[i]!,
            incoming: totalIncoming(dated[i]!),
            nextArrival: dated[i]![0] ?? null,
          })),
        );
        // The accuracy tracker keeps each variant's first forecast of the day.
        await keepDailySnapshots(
          tx,
          shopId,
          loaded.map(({ facts, history }, i) => ({
            variantId: facts.id,
            history,
            options: options[i]!,
            f: forecasts[i]!,
          })),
        );
        result.changed.push(...loaded.map((l) => l.facts.id));
        if (policyChanged) result.silent.push(...loaded.map((l) => l.facts.id));
        return ids.length;
      },
      null, // the claim's query string opens the transaction
    );
    result.variants += n;
    if (n > 0) result.batches++;
    // A short batch took every row there was; rows dirtied since then came with a new
    // recompute job (the debounced job is kept while this one runs).
    if (n < BATCH) break;
  }
  return result;
}

// The dashboard marks a shop when the merchant saves a new alert policy (in the same statement
// that dirties every variant); the recompute that takes those rows takes the mark.
async function claimPolicyChange(tx: Tx, shopId: number): Promise<boolean> {
  const r = await tx.query(
    `UPDATE shop_settings SET silent_reevaluation = false
     WHERE shop_id = $1 AND silent_reevaluation RETURNING 1`,
    [shopId],
  );
  return (r.rowCount ?? 0) > 0;
}

// A mature shop's profile barely moves within a day: compute it at most every few minutes per
// shop, not on every recompute (bursts of webhooks trigger many). Young shops (no weekly rhythm
// yet) are cheap to profile and change fast, so they are never cached.
const PROFILE_TTL_MS = 10 * 60_000;
// What the last batch of at least MIN_SHOP_VARIANTS measured about the shop (trend, drift).
const shopPooling = new Map<number, ShopPooling>();
const profileCache = new Map<number, { asOf: string; at: number; profile: ShopProfile }>();

async function shopProfileFor(db: Db, shopId: number, asOf: string): Promise<ShopProfile> {
  const hit = profileCache.get(shopId);
  if (hit?.asOf === asOf && Date.now() - hit.at < PROFILE_TTL_MS) return hit.profile;
  const profile = await loadShopProfile(db.pool, shopId, asOf);
  if (profile.dayOfWeek) profileCache.set(shopId, { asOf, at: Date.now(), profile });
  else profileCache.delete(shopId);
  return profile;
}

// Puts variants in the shop's dirty set: an applied event changed them, or their alert evaluation
// failed after the recompute consumed them (the sweeper or the retried job runs both again).
export async function markDirty(
  db: Queryable,
  shopId: number,
  variantIds: string[],
): Promise<void> {
  if (variantIds.length === 0) return;
  await db.query(
    `INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
    [shopId, [...new Set(variantIds)]],
  );
}

// Marks every live variant of the shop dirty (daily recompute, after a backfill).
export async function markAllDirty(db: Db, shopId: number): Promise<number> {
  const r = await db.pool.query(
    `INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT shop_id, id FROM variants WHERE shop_id = $1 AND deleted_at IS NULL
     ON CONFLICT DO NOTHING`,
    [shopId],
  );
  return r.rowCount ?? 0;
}
