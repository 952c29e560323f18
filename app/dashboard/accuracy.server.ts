// The Forecast accuracy page's data: the shop's weekly tallies merged into figures (recent weeks,
// each week, each demand class), the biggest recent misses with their variants, and where the
// install's replay and the daily scoring stand. Every query filters on the session's shop.
import type { Queryable } from "../../infra/db.ts";
import { addDays } from "../../domain/forecast/dates.ts";
import {
  DEMAND_CLASSES,
  TALLY_FIELDS,
  emptyTally,
  figures,
  mergeTallies,
  weekOf,
  type Figures,
  type Tally,
} from "../../domain/accuracy/index.ts";
import type { ShopContext } from "./shop.server.ts";

export const HORIZONS = [7, 30] as const;
export type Horizon = (typeof HORIZONS)[number];
export const RECENT_WEEKS = 4;
export const TREND_WEEKS = 26;

export type AccuracyMiss = {
  variantId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  day: string;
  forecast: number;
  low: number;
  high: number;
  seedForecast: number;
  sold: number;
  openDays: number;
};

export type AccuracyView = {
  horizon: Horizon;
  recent: { from: string; to: string; weeks: number; figures: Figures } | null;
  weeks: { week: string; figures: Figures }[]; // oldest first
  classes: { demandClass: string; figures: Figures }[];
  misses: AccuracyMiss[];
  replay: {
    status: string | null;
    error: string | null;
    origins: number;
    forecasts: number;
    seconds: number | null;
  };
  scoredThrough: string | null;
};

export function parseHorizon(value: string | null): Horizon {
  return value === "30" ? 30 : 7;
}

const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export async function loadAccuracy(
  db: Queryable,
  shop: ShopContext,
  horizon: Horizon,
): Promise<AccuracyView> {
  const since = weekOf(addDays(shop.today, -7 * TREND_WEEKS));
  const [tallies, state] = await Promise.all([
    db.query<Record<string, number | string>>(
      `SELECT to_char(week, 'YYYY-MM-DD') AS week, demand_class,
              ${TALLY_FIELDS.map((f) => `${column(f)} AS "${f}"`).join(", ")}
       FROM forecast_accuracy_weeks
       WHERE shop_id = $1 AND horizon = $2 AND week >= $3::date ORDER BY week`,
      [shop.id, horizon, since],
    ),
    db.query<{
      scored_through: string | null;
      replay_status: string | null;
      replay_error: string | null;
      replay_stats: { origins?: number; forecasts?: number; seconds?: number } | null;
    }>(
      `SELECT to_char(scored_through, 'YYYY-MM-DD') AS scored_through, replay_status, replay_error,
              replay_stats
       FROM forecast_accuracy_state WHERE shop_id = $1`,
      [shop.id],
    ),
  ]);

  const byWeek = new Map<string, Tally>();
  const rows = tallies.rows.map((r) => ({
    week: String(r.week),
    demandClass: String(r.demand_class),
    tally: mergeTallies(emptyTally(), numbers(r)),
  }));
  for (const r of rows) mergeTallies(getOr(byWeek, r.week), r.tally);
  const weeks = [...byWeek.entries()].map(([week, t]) => ({ week, figures: figures(t) }));
  const recentWeeks = [...byWeek.keys()].slice(-RECENT_WEEKS);
  const recentSet = new Set(recentWeeks);
  const recentTally = emptyTally();
  const byClass = new Map<string, Tally>();
  for (const r of rows) {
    if (!recentSet.has(r.week)) continue;
    mergeTallies(recentTally, r.tally);
    mergeTallies(getOr(byClass, r.demandClass), r.tally);
  }
  const classes = DEMAND_CLASSES.filter((c) => byClass.has(c)).map((c) => ({
    demandClass: c,
    figures: figures(byClass.get(c)!),
  }));
  const misses = recentWeeks.length ? await loadMisses(db, shop.id) : [];
  const s = state.rows[0];
  return {
    horizon,
    recent: recentWeeks.length
      ? {
          from: recentWeeks[0]!,
          to: addDays(recentWeeks.at(-1)!, 6),
          weeks: recentWeeks.length,
          figures: figures(recentTally),
        }
      : null,
    weeks,
    classes,
    misses,
    replay: {
      status: s?.replay_status ?? null,
      error: s?.replay_error ?? null,
      origins: s?.replay_stats?.origins ?? 0,
      forecasts: s?.replay_stats?.forecasts ?? 0,
      seconds: s?.replay_stats?.seconds ?? null,
    },
    scoredThrough: s?.scored_through ?? null,
  };
}

// The worst 7-day misses of the last RECENT_WEEKS weeks that have any, one per variant (its
// worst), biggest first — the same whichever horizon the page shows.
async function loadMisses(db: Queryable, shopId: number): Promise<AccuracyMiss[]> {
  const { rows } = await db.query<{
    variant_id: string;
    product_title: string;
    variant_title: string;
    sku: string | null;
    day: string;
    forecast: number;
    low: number;
    high: number;
    seed_forecast: number;
    sold: number;
    open_days: number;
  }>(
    `SELECT m.variant_id, p.title AS product_title, v.title AS variant_title, v.sku,
            to_char(m.day, 'YYYY-MM-DD') AS day, m.forecast, m.low, m.high, m.seed_forecast, m.sold,
            m.open_days
     FROM (SELECT DISTINCT ON (variant_id) * FROM forecast_misses
           WHERE shop_id = $1 AND week > (SELECT max(week) FROM forecast_misses WHERE shop_id = $1) - $2::int
           ORDER BY variant_id, error DESC) m
     JOIN variants v ON v.shop_id = m.shop_id AND v.id = m.variant_id AND v.deleted_at IS NULL
     JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     ORDER BY m.error DESC, m.variant_id LIMIT 10`,
    [shopId, 7 * RECENT_WEEKS],
  );
  return rows.map((r) => ({
    variantId: r.variant_id,
    productTitle: r.product_title,
    variantTitle: r.variant_title,
    sku: r.sku,
    day: r.day,
    forecast: r.forecast,
    low: r.low,
    high: r.high,
    seedForecast: r.seed_forecast,
    sold: r.sold,
    openDays: r.open_days,
  }));
}

function numbers(r: Record<string, number | string>): Partial<Tally> {
  const t: Partial<Tally> = {};
  for (const f of TALLY_FIELDS) t[f] = Number(r[f]);
  return t;
}

function getOr(m: Map<string, Tally>, key: string): Tally {
  let t = m.get(key);
  if (!t) m.set(key, (t = emptyTally()));
  return t;
}

// One variant's kept forecasts (variant page): the 7-day forecast made each day and, once the
// week has passed, what sold on its in-stock days.
export type PastForecast = {
  day: string;
  mean: number;
  low: number;
  high: number;
  seed: number;
  sold: number | null;
  openDays: number | null;
  replayed: boolean;
};

export async function loadPastForecasts(
  db: Queryable,
  shopId: number,
  variantId: string,
  from: string,
  to: string,
): Promise<PastForecast[]> {
  const { rows } = await db.query<{
    day: string;
    demand7_mean: number;
    demand7_p10: number;
    demand7_p90: number;
    seed_rate: number;
    sold7: number | null;
    open7: number | null;
    replayed: boolean;
  }>(
    // Keyed (shop, day, variant): one index probe per day.
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, demand7_mean, demand7_p10, demand7_p90, seed_rate,
            sold7, open7, replayed
     FROM forecast_snapshots
     WHERE shop_id = $1 AND variant_id = $2::bigint
       AND day = ANY(ARRAY(SELECT generate_series($3::date, $4::date, interval '1 day')::date))
     ORDER BY day`,
    [shopId, variantId, from, to],
  );
  return rows.map((r) => ({
    day: r.day,
    mean: r.demand7_mean,
    low: r.demand7_p10,
    high: r.demand7_p90,
    seed: r.seed_rate * 7,
    sold: r.sold7,
    openDays: r.open7,
    replayed: r.replayed,
  }));
}
