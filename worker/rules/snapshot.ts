// Loads what the alert rules need for a batch of variants, in one statement of set-based parts:
// catalog facts, the stored forecast, stock per location (with whether the location normally
// carries the item), overrides, the open episodes and recent resolutions of their keys, and the
// shop's channels. One statement reads one snapshot: stock, forecast and the dirty mark are read
// as of the same instant.
import type { Queryable } from "../../infra/db.ts";
import { addDays, dayInZone, type VariantForecast } from "../../domain/forecast/index.ts";
import type { LocationStock, VariantSnapshot } from "../../domain/alerts/rules.ts";
import type { OpenEpisode } from "../../domain/alerts/episodes.ts";
import type { ChannelRoute } from "../../domain/alerts/index.ts";
import { keyString, type AlertKind, type Severity } from "../../domain/alerts/types.ts";
import {
  effectiveParams,
  readShopSettings,
  type EffectiveParams,
  type ShopSettings,
} from "../../domain/settings.ts";
import { parseDetails, type EpisodeDetails } from "./details.ts";

export type AlertShop = {
  id: number;
  domain: string;
  timezone: string;
  status: string;
  settings: ShopSettings;
  // A backfill is loading history: what is wrong already is recorded, not announced.
  baseline: boolean;
};

// While the install backfill loads history and computes first forecasts, what is already wrong is
// recorded without a flood of notifications (the dashboard shows it).
const BACKFILL_RUNNING = ["queued", "shop", "locations", "catalog", "orders", "derive", "forecast"];

export function isBaselinePhase(phase: string | null): boolean {
  return phase !== null && BACKFILL_RUNNING.includes(phase);
}

export async function loadAlertShop(db: Queryable, shopId: number): Promise<AlertShop | null> {
  const { rows } = await db.query<{
    id: number;
    domain: string;
    timezone: string;
    status: string;
    backfill_phase: string | null;
    settings: unknown;
  }>(
    `SELECT s.id, s.domain, s.timezone, s.status, s.backfill_phase, ss.settings
     FROM shops s LEFT JOIN shop_settings ss ON ss.shop_id = s.id WHERE s.id = $1`,
    [shopId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    domain: r.domain,
    timezone: r.timezone,
    status: r.status,
    settings: readShopSettings(r.settings),
    baseline: isBaselinePhase(r.backfill_phase),
  };
}

export type StoredEpisode = OpenEpisode & { id: string; details: EpisodeDetails | null };

export type LoadedVariant = {
  variantId: string;
  snapshot: VariantSnapshot | null; // null: the variant (or its product) was deleted
  params: EffectiveParams;
  open: StoredEpisode[];
  lastResolvedAt: Map<string, Date>;
};

type Timestamp = string; // timestamptz as JSON renders it

type FactsRow = {
  id: string;
  sku: string | null;
  price: string | null;
  tracked: boolean;
  deleted: boolean;
  pending: boolean;
  vo_threshold: number | null;
  vo_lead: number | null;
  vo_muted: boolean | null;
  snoozed_until: Timestamp | null;
  min_order_qty: number | null;
  pack_size: number | null;
  on_order: number | null;
  vd_threshold: number | null;
  vd_lead: number | null;
  vd_muted: boolean | null;
  // forecast
  f_method: string | null;
  f_status: VariantForecast["status"] | null;
  velocity: number | null;
  days_of_cover: number | null;
  stockout_p10: string | null;
  stockout_p25: string | null;
  stockout_p50: string | null;
  stockout_p90: string | null;
  p_stockout_lead: number | null;
  p_stockout_horizon: number | null;
  demand30_mean: number | null;
  demand30_p10: number | null;
  demand30_p90: number | null;
  reorder_point: number | null;
  suggested_qty: number | null;
  demand_class: VariantForecast["demandClass"] | null;
  dead_stock: boolean | null;
  revenue_at_risk: number | null;
  incoming: number | null;
  next_arrival_on: string | null;
  next_arrival_qty: number | null;
  p_stockout_gap: number | null;
  gap_days: number | null;
  gap_revenue: number | null;
};

const FACTS_SQL = `
SELECT v.id::text AS id, v.sku, v.price::text AS price, COALESCE(i.tracked, true) AS tracked,
       (v.deleted_at IS NOT NULL OR p.deleted_at IS NOT NULL OR p.id IS NULL) AS deleted,
       EXISTS (SELECT 1 FROM forecast_dirty d WHERE d.shop_id = v.shop_id AND d.variant_id = v.id) AS pending,
       vo.threshold AS vo_threshold, vo.lead_time_days AS vo_lead, vo.muted AS vo_muted, vo.snoozed_until,
       vo.min_order_qty, vo.pack_size, vo.on_order,
       vd.threshold AS vd_threshold, vd.lead_time_days AS vd_lead, vd.muted AS vd_muted,
       f.method AS f_method, f.status AS f_status, f.velocity, f.days_of_cover,
       to_char(f.stockout_p10, 'YYYY-MM-DD') AS stockout_p10,
       to_char(f.stockout_p25, 'YYYY-MM-DD') AS stockout_p25,
       to_char(f.stockout_p50, 'YYYY-MM-DD') AS stockout_p50,
       to_char(f.stockout_p90, 'YYYY-MM-DD') AS stockout_p90,
       f.p_stockout_lead, f.p_stockout_horizon, f.demand30_mean, f.demand30_p10, f.demand30_p90,
       f.reorder_point, f.suggested_qty, f.demand_class, f.dead_stock,
       f.revenue_at_risk::float8 AS revenue_at_risk,
       f.incoming, to_char(f.next_arrival_on, 'YYYY-MM-DD') AS next_arrival_on, f.next_arrival_qty,
       f.p_stockout_gap, f.gap_days, f.gap_revenue::float8 AS gap_revenue
FROM variants v
LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
LEFT JOIN forecasts f ON f.shop_id = v.shop_id AND f.variant_id = v.id
LEFT JOIN variant_overrides vo ON vo.shop_id = v.shop_id AND vo.variant_id = v.id
LEFT JOIN vendor_overrides vd ON vd.shop_id = v.shop_id AND vd.vendor = p.vendor
WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[])`;

// A location "stocks" the item when it has some now, or had some or sold some within the
// dead-stock window; locations that never carry it must not raise "out of stock there".
const LEVELS_SQL = `
SELECT v.id::text AS variant_id, l.location_id::text AS location_id, l.available,
       (l.available > 0
        OR EXISTS (SELECT 1 FROM daily_stock s
                   WHERE s.shop_id = $1 AND s.variant_id = v.id AND s.location_id = l.location_id
                     AND s.day >= $3::date AND s.end_available > 0)
        OR EXISTS (SELECT 1 FROM daily_sales d
                   WHERE d.shop_id = $1 AND d.variant_id = v.id AND d.location_id = l.location_id
                     AND d.day >= $3::date AND d.units > 0)) AS stocked,
       COALESCE((SELECT SUM(d.units) FROM daily_sales d
                 WHERE d.shop_id = $1 AND d.variant_id = v.id AND d.location_id = l.location_id
                   AND d.day >= $4::date), 0)::float8 AS units28
FROM variants v
JOIN inventory_levels l ON l.shop_id = v.shop_id AND l.inventory_item_id = v.inventory_item_id
LEFT JOIN locations loc ON loc.shop_id = l.shop_id AND loc.id = l.location_id
WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[]) AND COALESCE(loc.active, true)`;

const SOLD_SQL = `
SELECT variant_id::text AS variant_id, SUM(units)::int AS units FROM daily_sales
WHERE shop_id = $1 AND variant_id = ANY($2::bigint[]) AND day >= $5::date
GROUP BY variant_id`;

const OPEN_SQL = `
SELECT id::text AS id, variant_id::text AS variant_id, location_id::text AS location_id, kind, severity,
       peak_severity, opened_at, open_notified, details
FROM alert_episodes
WHERE shop_id = $1 AND variant_id = ANY($2::bigint[]) AND state = 'open'`;

const RESOLVED_SQL = `
SELECT variant_id::text AS variant_id, location_id::text AS location_id, kind, max(resolved_at) AS resolved_at
FROM alert_episodes
WHERE shop_id = $1 AND variant_id = ANY($2::bigint[]) AND state = 'resolved' AND resolved_at > $6::timestamptz
GROUP BY variant_id, location_id, kind`;

const CHANNELS_SQL = `
SELECT id, kind, enabled, healthy, mode, digest_hour, digest_weekday, quiet_start, quiet_end,
       min_severity, fallback_channel_id
FROM channels WHERE shop_id = $1 ORDER BY id`;

// ONE statement, so one snapshot and one round trip: each part comes back as a JSON array (ids
// and timestamps as text).
const rowsOf = (sql: string) => `(SELECT COALESCE(json_agg(x), '[]'::json) FROM (${sql}) x)`;
const SNAPSHOT_SQL = `
SELECT ${rowsOf(FACTS_SQL)} AS facts, ${rowsOf(LEVELS_SQL)} AS levels, ${rowsOf(SOLD_SQL)} AS sold,
       ${rowsOf(OPEN_SQL)} AS open, ${rowsOf(RESOLVED_SQL)} AS resolved, ${rowsOf(CHANNELS_SQL)} AS channels`;

type SnapshotRows = {
  facts: FactsRow[];
  levels: {
    variant_id: string;
    location_id: string;
    available: number;
    stocked: boolean;
    units28: number;
  }[];
  sold: { variant_id: string; units: number }[];
  open: EpisodeRow[];
  resolved: { variant_id: string; location_id: string; kind: AlertKind; resolved_at: Timestamp }[];
  channels: ChannelRow[];
};

export type AlertSnapshot = { variants: LoadedVariant[]; channels: ChannelRoute[] };

export async function loadSnapshot(
  db: Queryable,
  shop: AlertShop,
  variantIds: string[],
  now: Date,
): Promise<AlertSnapshot> {
  const today = dayInZone(now, shop.timezone);
  const s = shop.settings;
  const cooldownStart = new Date(now.getTime() - s.cooldownMinutes * 60_000);
  const { rows } = await db.query<SnapshotRows>({
    name: "alert-snapshot",
    text: SNAPSHOT_SQL,
    values: [
      shop.id,
      variantIds,
      addDays(today, -s.deadStockDays),
      addDays(today, -28),
      addDays(today, -30),
      cooldownStart,
    ],
  });
  return {
    variants: toLoaded(s, today, rows[0]!),
    channels: rows[0]!.channels.map(toRoute),
  };
}

function toLoaded(s: ShopSettings, today: string, r: SnapshotRows): LoadedVariant[] {
  const levelsBy = group(r.levels, (l) => l.variant_id);
  const soldBy = new Map(r.sold.map((x) => [x.variant_id, x.units]));
  const openBy = group(r.open, (e) => e.variant_id);
  const resolvedBy = group(r.resolved, (e) => e.variant_id);
  const out: LoadedVariant[] = [];
  const seen = new Set<string>();

  for (const f of r.facts) {
    seen.add(f.id);
    // Changed again since its forecast was computed: the stock would be newer than the forecast
    // it is judged with. The recompute already due for it evaluates it with both up to date.
    if (f.pending) continue;
    const params = effectiveParams(
      s,
      f.vd_muted === null
        ? null
        : { threshold: f.vd_threshold, leadTimeDays: f.vd_lead, muted: f.vd_muted },
      f.vo_muted === null
        ? null
        : {
            threshold: f.vo_threshold,
            leadTimeDays: f.vo_lead,
            muted: f.vo_muted,
            snoozedUntil: f.snoozed_until === null ? null : new Date(f.snoozed_until),
            minOrderQty: f.min_order_qty,
            packSize: f.pack_size,
            onOrder: f.on_order ?? 0,
          },
    );
    const locs = levelsBy.get(f.id) ?? [];
    const locations: LocationStock[] = locs.map((l) => ({
      locationId: l.location_id,
      available: l.available,
      stocked: l.stocked,
      velocity: l.units28 / 28,
    }));
    const price = f.price === null ? null : Number(f.price);
    out.push({
      variantId: f.id,
      snapshot: f.deleted
        ? null
        : {
            variantId: f.id,
            asOf: today,
            tracked: f.tracked,
            sku: f.sku,
            price,
            available: locations.reduce((n, l) => n + l.available, 0),
            locations,
            forecast: forecastOf(f),
            recentUnitsSold: soldBy.get(f.id) ?? 0,
            incoming: {
              units: f.incoming ?? 0,
              nextArrivalOn: f.next_arrival_on,
              nextArrivalQty: f.next_arrival_qty,
              pStockoutGap: f.p_stockout_gap,
              gapDays: f.gap_days,
              gapRevenue: f.gap_revenue,
            },
          },
      params,
      open: (openBy.get(f.id) ?? []).map(toEpisode),
      lastResolvedAt: resolvedMap(resolvedBy.get(f.id) ?? []),
    });
  }
  // Open episodes of variants that vanished from the catalog close silently.
  for (const [variantId, rows] of openBy) {
    if (seen.has(variantId)) continue;
    out.push({
      variantId,
      snapshot: null,
      params: effectiveParams(s),
      open: rows.map(toEpisode),
      lastResolvedAt: new Map(),
    });
  }
  return out;
}

function forecastOf(f: FactsRow): VariantForecast | null {
  if (f.f_method === null || f.f_status === null) return null;
  return {
    method: f.f_method,
    status: f.f_status,
    velocity: f.velocity ?? 0,
    daysOfCover: f.days_of_cover,
    stockoutP10: f.stockout_p10,
    stockoutP25: f.stockout_p25,
    stockoutP50: f.stockout_p50,
    stockoutP90: f.stockout_p90,
    pStockoutLead: f.p_stockout_lead,
    pStockoutHorizon: f.p_stockout_horizon,
    demand30Mean: f.demand30_mean,
    demand30P10: f.demand30_p10,
    demand30P90: f.demand30_p90,
    reorderPoint: f.reorder_point,
    suggestedQty: f.suggested_qty,
    demandClass: f.demand_class ?? "none",
    deadStock: f.dead_stock ?? false,
    revenueAtRisk: f.revenue_at_risk ?? 0,
  };
}

// From the snapshot's JSON (timestamps as text) or from a query of its own (Date).
export type EpisodeRow = {
  id: string;
  variant_id: string;
  location_id: string;
  kind: AlertKind;
  severity: Severity;
  peak_severity: Severity;
  opened_at: Date | Timestamp;
  open_notified: boolean;
  details: unknown;
};

export function toEpisode(r: EpisodeRow): StoredEpisode {
  return {
    id: r.id,
    variantId: r.variant_id,
    locationId: r.location_id,
    kind: r.kind,
    severity: r.severity,
    peakSeverity: r.peak_severity,
    openedAt: new Date(r.opened_at),
    openNotified: r.open_notified,
    details: parseDetails(r.details),
  };
}

function resolvedMap(rows: SnapshotRows["resolved"]): Map<string, Date> {
  return new Map(
    rows.map((r) => [
      keyString({ variantId: r.variant_id, locationId: r.location_id, kind: r.kind }),
      new Date(r.resolved_at),
    ]),
  );
}

function group<T>(rows: T[], by: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = by(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

type ChannelRow = {
  id: number;
  kind: ChannelRoute["kind"];
  enabled: boolean;
  healthy: boolean;
  mode: ChannelRoute["mode"];
  digest_hour: number;
  digest_weekday: number;
  quiet_start: number | null;
  quiet_end: number | null;
  min_severity: ChannelRoute["minSeverity"];
  fallback_channel_id: number | null;
};

function toRoute(r: ChannelRow): ChannelRoute {
  return {
    id: r.id,
    kind: r.kind,
    enabled: r.enabled,
    healthy: r.healthy,
    mode: r.mode,
    digestHour: r.digest_hour,
    digestWeekday: r.digest_weekday,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    minSeverity: r.min_severity,
    fallbackChannelId: r.fallback_channel_id,
  };
}
