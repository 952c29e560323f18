// At install, once the backfill has imported the shop's history, the engine is run as of past
// days over the history up to each of them, and each of those forecasts is scored at once
// against what followed — so the accuracy page has weeks of scores on day one.
//
// Cost is bounded: origins are weekly (the newest nine days before the final day, back to four
// weeks after sales begin, at most MAX_ORIGINS), variants go in batches of 2,000 whose history
// is read once and sliced per origin, and each batch commits with the run's cursor, so a stopped
// worker resumes where it was and nothing is counted twice.
import { withTx, type Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import {
  addDays,
  daysBetween,
  forecastBatch,
  MIN_SHOP_VARIANTS,
  type DemandHistory,
  type ForecastOptions,
  type ShopPooling,
} from "../../domain/forecast/index.ts";
import { readShopSettings } from "../../domain/settings.ts";
import { scoreSnapshot, type Outcome } from "../../domain/accuracy/index.ts";
import {
  HISTORY_DAYS,
  loadHistories,
  loadShopProfile,
  type LoadedHistory,
  type ShopProfile,
} from "../forecast/history.ts";
import { forecastOptionsFor } from "../forecast/options.ts";
import { RETENTION } from "../schedules/retention.ts";
import { insertSnapshots, snapshotKey, snapshotOf, type SnapshotRow } from "./snapshots.ts";
import { recordOutcomes } from "./record.ts";
import { finalDay } from "./score-job.ts";

export const MAX_ORIGINS = 26; // half a year of weekly origins
export const MIN_HISTORY_DAYS = 28; // what an origin needs behind it
export const REPLAY_BATCH = 2_000;

export type ReplayStats = {
  origins: number;
  variants: number;
  forecasts: number; // variant × origin forecasts made and scored
  snapshots: number; // of them, kept as rows (those within the snapshot retention)
  seconds: number;
};

// Weekly origins, newest first, back to MIN_HISTORY_DAYS after the first day with sales. They
// fall on the last day whose 30-day period has passed (through − 30) and every 7 days from it,
// the newest being the last whose 7-day period has passed (through − 9): a shop with two months
// of history gets a 30-day score on day one, not only 7-day ones.
export function replayOrigins(salesSince: string | null, through: string, max = MAX_ORIGINS) {
  if (!salesSince) return [];
  const first = addDays(salesSince, MIN_HISTORY_DAYS - 1);
  const out: string[] = [];
  for (let d = addDays(through, -9); d >= first && out.length < max; d = addDays(d, -7))
    out.push(d);
  return out;
}

export async function replayShop(
  db: Db,
  shopId: number,
  log: Logger,
  now: Date = new Date(),
  batch = REPLAY_BATCH,
  signal?: AbortSignal, // checked between batches: a stopping worker hands the rest back
): Promise<ReplayStats | null> {
  const started = performance.now();
  const { rows } = await db.pool.query<{
    timezone: string;
    status: string;
    settings: unknown;
    replay_status: string | null;
    replay_cursor: string | null;
    replay_stats: Partial<ReplayStats> | null;
  }>(
    `SELECT s.timezone, s.status, ss.settings, a.replay_status, a.replay_cursor, a.replay_stats
     FROM shops s LEFT JOIN shop_settings ss ON ss.shop_id = s.id
     LEFT JOIN forecast_accuracy_state a ON a.shop_id = s.id WHERE s.id = $1`,
    [shopId],
  );
  const shop = rows[0];
  if (!shop || shop.status !== "installed" || shop.replay_status === "done") return null;
  const settings = readShopSettings(shop.settings);
  const through = finalDay(now, shop.timezone);
  const profile = await loadShopProfile(db.pool, shopId, through);
  const origins = replayOrigins(profile.salesSince, through);
  // The engine as the daily recompute runs it: the shop's weekly rhythm as of each origin.
  const profiles = new Map<string, ShopProfile>();
  for (const o of origins) profiles.set(o, await loadShopProfile(db.pool, shopId, o));
  const keepFrom = addDays(through, -RETENTION.forecastSnapshotsDays);
  const pooled = new Map<string, ShopPooling>();

  const stats: ReplayStats = {
    origins: origins.length,
    variants: 0,
    forecasts: 0,
    snapshots: 0,
    seconds: 0,
    ...shop.replay_stats,
  };
  const earlier = stats.seconds; // attempts before this one (a resumed replay)
  let cursor = shop.replay_cursor ?? "0";
  await setState(db, shopId, "running", cursor, stats);
  for (;;) {
    signal?.throwIfAborted();
    const done = await withTx(db.pool, async (tx) => {
      const { rows: ids } = await tx.query<{ id: string }>(
        `SELECT id FROM variants WHERE shop_id = $1 AND id > $2::bigint AND deleted_at IS NULL
         ORDER BY id LIMIT ${batch}`,
        [shopId, cursor],
      );
      if (ids.length === 0) return true;
      const loaded = await loadHistories(
        tx,
        shopId,
        shop.timezone,
        ids.map((r) => r.id),
        through,
        profile.salesSince,
      );
      const made = replayBatch(
        loaded,
        origins,
        profiles,
        (l) => forecastOptionsFor(settings, l),
        pooled,
      );
      // Every forecast counts in the tallies; rows are kept only within the snapshot retention.
      // A row a live snapshot already holds (same day) is that one's to score.
      const kept = await insertSnapshots(
        tx,
        shopId,
        made.filter((r) => r.snapshot.day >= keepFrom),
      );
      const scored = made
        .filter((r) => r.snapshot.day < keepFrom || kept.has(snapshotKey(r.snapshot)))
        .map((r) => r.outcome!);
      await recordOutcomes(tx, shopId, scored);
      cursor = ids.at(-1)!.id;
      stats.variants += ids.length;
      stats.forecasts += scored.length;
      stats.snapshots += kept.size;
      await setState(db, shopId, "running", cursor, stats, tx);
      return ids.length < batch;
    });
    if (done) break;
  }
  stats.seconds = earlier + Math.round((performance.now() - started) / 10) / 100;
  await setState(db, shopId, "done", cursor, stats);
  log.info({ shopId, ...stats }, "forecast accuracy: history replayed");
  return stats;
}

// Forecasts of a batch of variants as of each origin, scored against the series that followed.
export function replayBatch(
  loaded: LoadedHistory[],
  origins: string[],
  profiles: Map<string, ShopProfile>,
  optionsFor: (facts: LoadedHistory["facts"]) => ForecastOptions,
  pooled: Map<string, ShopPooling> = new Map(), // per origin, carried from batch to batch
): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  const last = HISTORY_DAYS - 1;
  const through = loaded[0]?.history.asOf;
  if (!through) return out;
  for (const origin of origins) {
    const k = last - daysBetween(origin, through);
    const members: { l: LoadedHistory; h: DemandHistory; o: ForecastOptions }[] = [];
    for (const l of loaded) {
      // Not yet created, or no stock known on that day: nothing to replay.
      if (!l.history.tracked || l.history.firstDay > k || !Number.isFinite(l.stock[k])) continue;
      members.push({ l, h: asOf(l.history, k, origin, l.stock[k]!), o: optionsFor(l.facts) });
    }
    if (members.length === 0) continue;
    // Pooled as the recompute pools: the shop's weekly rhythm as of the origin, and a batch too
    // small to show the shop's trend and drift takes what a large batch measured at that origin.
    const week = profiles.get(origin)?.dayOfWeek;
    const small = members.length < MIN_SHOP_VARIANTS;
    const { forecasts, shop } = forecastBatch(
      members.map((m) => m.h),
      (i) => members[i]!.o,
      {
        ...(week ? { dayOfWeek: week } : {}),
        ...(small && pooled.has(origin) ? { shop: pooled.get(origin)! } : {}),
      },
    );
    if (!small && shop !== null) pooled.set(origin, shop);
    members.forEach(({ l, h, o }, i) => {
      const snapshot = snapshotOf(l.facts.id, h, o, forecasts[i]!);
      if (!snapshot) return;
      const outcome: Outcome = scoreSnapshot(snapshot, l.history, k, last);
      out.push({ snapshot, outcome, replayed: true });
    });
  }
  return out;
}

// The history as it stood at the end of day index k.
function asOf(h: DemandHistory, k: number, day: string, available: number): DemandHistory {
  return {
    ...h,
    asOf: day,
    units: head(h.units, k + 1),
    censored: head(h.censored, k + 1),
    available,
  };
}

function head(a: ArrayLike<number>, n: number): ArrayLike<number> {
  return ArrayBuffer.isView(a) ? (a as Float64Array).subarray(0, n) : Array.from(a).slice(0, n);
}

async function setState(
  db: Db,
  shopId: number,
  status: string,
  cursor: string,
  stats: ReplayStats,
  tx?: { query: Db["pool"]["query"] },
): Promise<void> {
  await (tx ?? db.pool).query(
    `INSERT INTO forecast_accuracy_state (shop_id, replay_status, replay_cursor, replay_stats, replay_error,
        replayed_at, updated_at)
     VALUES ($1, $2, $3::bigint, $4, NULL, CASE WHEN $2 = 'done' THEN now() END, now())
     ON CONFLICT (shop_id) DO UPDATE SET replay_status = EXCLUDED.replay_status,
       replay_cursor = EXCLUDED.replay_cursor, replay_stats = EXCLUDED.replay_stats, replay_error = NULL,
       replayed_at = EXCLUDED.replayed_at, updated_at = now()`,
    [shopId, status, cursor, JSON.stringify(stats)],
  );
}

// A failed attempt keeps its reason; the last one marks the replay failed (the page says so).
export async function recordReplayFailure(db: Db, shopId: number, reason: string, final: boolean) {
  await db.pool.query(
    `INSERT INTO forecast_accuracy_state (shop_id, replay_status, replay_error, updated_at)
     VALUES ($1, CASE WHEN $3 THEN 'failed' ELSE 'running' END, $2, now())
     ON CONFLICT (shop_id) DO UPDATE SET replay_error = EXCLUDED.replay_error, updated_at = now(),
       replay_status = CASE WHEN $3 THEN 'failed' ELSE forecast_accuracy_state.replay_status END`,
    [shopId, reason, final],
  );
}
