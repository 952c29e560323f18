// One variant: its catalog facts, stock per location, 90 days of sales and stock, the stored
// forecast with the parameters behind it, a projection ahead, its overrides and alert history.
import type { Queryable } from "../../infra/db.ts";
import { addDays } from "../../domain/forecast/dates.ts";
import { effectiveParams, type EffectiveParams } from "../../domain/settings.ts";
import type { ShopContext } from "./shop.server.ts";
import { listEpisodes, type EpisodeRow } from "./episodes.server.ts";
import { projectStock, type ProjectedDay } from "./projection.ts";
import { datedFor, loadIncoming, loadSupplierLeadTimes } from "../../infra/incoming.ts";
import type { DatedArrival } from "../../domain/incoming/arrivals.ts";

export const HISTORY_DAYS = 90;

export type HistoryDay = { day: string; units: number; stock: number | null; outOfStock: boolean };

export type VariantForecastRow = {
  method: string;
  status: string;
  computedAt: string;
  asOf: string;
  available: number;
  velocity: number;
  daysOfCover: number | null;
  stockoutP10: string | null;
  stockoutP50: string | null;
  stockoutP90: string | null;
  pStockoutLead: number | null;
  pStockoutHorizon: number | null;
  demand30Mean: number | null;
  demand30P10: number | null;
  demand30P90: number | null;
  reorderPoint: number | null;
  suggestedQty: number | null;
  demandClass: string | null;
  deadStock: boolean;
  revenueAtRisk: number;
  // The gap before the next arrival, as the forecast netted it (null: nothing on its way).
  pStockoutGap: number | null;
  gapDays: number | null;
  gapRevenue: number | null;
  nextArrivalOn: string | null;
};

export type OverrideRow = {
  threshold: number | null;
  leadTimeDays: number | null;
  muted: boolean;
  snoozedUntil: string | null;
  minOrderQty: number | null;
  packSize: number | null;
  onOrder: number;
};

export type VariantDetail = {
  id: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  price: number | null;
  vendor: string | null;
  productType: string | null;
  tracked: boolean;
  available: number;
  locations: { id: string; name: string; available: number }[];
  history: HistoryDay[];
  projection: ProjectedDay[];
  forecast: VariantForecastRow | null;
  incoming: DatedArrival[]; // stock on its way, soonest first
  params: Omit<EffectiveParams, "snoozedUntil" | "kinds"> & { snoozedUntil: string | null };
  override: OverrideRow | null;
  vendorOverride: {
    threshold: number | null;
    leadTimeDays: number | null;
    muted: boolean;
    reviewDays: number | null;
    minOrderQty: number | null;
    packSize: number | null;
    serviceLevel: number | null;
  } | null;
  alerts: EpisodeRow[];
};

export async function loadVariant(
  db: Queryable,
  shop: ShopContext,
  variantId: string,
): Promise<VariantDetail | null> {
  if (!/^\d{1,19}$/.test(variantId)) return null;
  const { rows } = await db.query<{
    id: string;
    product_id: string;
    product_title: string;
    variant_title: string;
    sku: string | null;
    price: string | null;
    vendor: string | null;
    product_type: string | null;
    inventory_item_id: string | null;
    tracked: boolean;
    vo_threshold: number | null;
    vo_lead: number | null;
    vo_muted: boolean | null;
    vo_snoozed: Date | null;
    vo_moq: number | null;
    vo_pack: number | null;
    vo_on_order: number | null;
    has_vo: boolean;
    vd_threshold: number | null;
    vd_lead: number | null;
    vd_muted: boolean | null;
    vd_review: number | null;
    vd_moq: number | null;
    vd_pack: number | null;
    vd_service: number | null;
    has_vd: boolean;
  }>(
    `SELECT v.id, v.product_id, p.title AS product_title, v.title AS variant_title, v.sku, v.price,
            p.vendor, p.product_type, v.inventory_item_id, COALESCE(i.tracked, true) AS tracked,
            vo.threshold AS vo_threshold, vo.lead_time_days AS vo_lead, vo.muted AS vo_muted,
            vo.snoozed_until AS vo_snoozed, vo.min_order_qty AS vo_moq, vo.pack_size AS vo_pack,
            vo.on_order AS vo_on_order, vo.variant_id IS NOT NULL AS has_vo,
            vd.threshold AS vd_threshold, vd.lead_time_days AS vd_lead, vd.muted AS vd_muted,
            vd.review_days AS vd_review, vd.min_order_qty AS vd_moq, vd.pack_size AS vd_pack,
            vd.service_level AS vd_service, vd.vendor IS NOT NULL AS has_vd
     FROM variants v
     JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
     LEFT JOIN variant_overrides vo ON vo.shop_id = v.shop_id AND vo.variant_id = v.id
     LEFT JOIN vendor_overrides vd ON vd.shop_id = v.shop_id AND vd.vendor = p.vendor
     WHERE v.shop_id = $1 AND v.id = $2::bigint AND v.deleted_at IS NULL`,
    [shop.id, variantId],
  );
  const v = rows[0];
  if (!v) return null;

  const start = addDays(shop.today, -HISTORY_DAYS);
  const [locations, history, forecast, alerts, incomingLines, suppliers] = await Promise.all([
    db.query<{ id: string; name: string; available: number }>(
      `SELECT l.location_id AS id, COALESCE(loc.name, 'Location ' || l.location_id) AS name, l.available
       FROM inventory_levels l
       LEFT JOIN locations loc ON loc.shop_id = l.shop_id AND loc.id = l.location_id
       WHERE l.shop_id = $1 AND l.inventory_item_id = $2::bigint ORDER BY name`,
      [shop.id, v.inventory_item_id ?? "0"],
    ),
    loadHistory(db, shop.id, variantId, start, addDays(shop.today, -1)),
    loadForecast(db, shop.id, variantId),
    listEpisodes(db, shop.id, { state: "all", kind: null, variantId }, 50, 0),
    loadIncoming(db, shop.id, [variantId], shop.timezone),
    loadSupplierLeadTimes(db, shop.id),
  ]);

  const override: OverrideRow | null = v.has_vo
    ? {
        threshold: v.vo_threshold,
        leadTimeDays: v.vo_lead,
        muted: Boolean(v.vo_muted),
        snoozedUntil: v.vo_snoozed?.toISOString() ?? null,
        minOrderQty: v.vo_moq,
        packSize: v.vo_pack,
        onOrder: v.vo_on_order ?? 0,
      }
    : null;
  const vendorOverride = v.has_vd
    ? {
        threshold: v.vd_threshold,
        leadTimeDays: v.vd_lead,
        muted: Boolean(v.vd_muted),
        reviewDays: v.vd_review,
        minOrderQty: v.vd_moq,
        packSize: v.vd_pack,
        serviceLevel: v.vd_service,
      }
    : null;
  const {
    snoozedUntil,
    kinds: _kinds,
    ...params
  } = effectiveParams(shop.settings, vendorOverride, {
    ...override,
    snoozedUntil: override?.snoozedUntil ? new Date(override.snoozedUntil) : null,
  });
  const available = locations.rows.reduce((s, l) => s + l.available, 0);
  const incoming = datedFor(
    incomingLines.get(variantId),
    shop.today,
    params.leadTimeDays,
    suppliers,
  );
  const projection = forecast
    ? projectStock({
        ...forecast,
        today: shop.today,
        available,
        arrivals: incoming.map((a) => ({ day: a.expectedOn, quantity: a.quantity })),
      })
    : [];

  return {
    id: v.id,
    productId: v.product_id,
    productTitle: v.product_title,
    variantTitle: v.variant_title,
    sku: v.sku,
    price: v.price === null ? null : Number(v.price),
    vendor: v.vendor,
    productType: v.product_type,
    tracked: v.tracked,
    available,
    locations: locations.rows,
    history,
    projection,
    forecast,
    incoming,
    params: { ...params, snoozedUntil: snoozedUntil?.toISOString() ?? null },
    override,
    vendorOverride,
    alerts: alerts.rows,
  };
}

// Units sold per day (all locations) and end-of-day total stock, carried forward over days
// without a stock row (daily_stock is sparse, decision 0008).
async function loadHistory(
  db: Queryable,
  shopId: number,
  variantId: string,
  from: string,
  to: string,
): Promise<HistoryDay[]> {
  const { rows } = await db.query<{
    day: string;
    units: number;
    stock: number | null;
    oos: boolean | null;
  }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day,
            COALESCE((SELECT sum(units) FROM daily_sales s
                      WHERE s.shop_id = $1 AND s.variant_id = $2::bigint AND s.day = d::date), 0)::int AS units,
            (SELECT end_available FROM daily_stock k
             WHERE k.shop_id = $1 AND k.variant_id = $2::bigint AND k.location_id = 0 AND k.day <= d::date
             ORDER BY k.day DESC LIMIT 1) AS stock,
            (SELECT out_of_stock FROM daily_stock k
             WHERE k.shop_id = $1 AND k.variant_id = $2::bigint AND k.location_id = 0 AND k.day = d::date) AS oos
     FROM generate_series($3::date, $4::date, interval '1 day') AS d
     ORDER BY d`,
    [shopId, variantId, from, to],
  );
  return rows.map((r) => ({
    day: r.day,
    units: r.units,
    stock: r.stock,
    outOfStock: r.oos ?? (r.stock !== null && r.stock <= 0),
  }));
}

async function loadForecast(
  db: Queryable,
  shopId: number,
  variantId: string,
): Promise<VariantForecastRow | null> {
  const { rows } = await db.query<{
    method: string;
    status: string;
    computed_at: Date;
    as_of: string;
    available: number;
    velocity: number;
    days_of_cover: number | null;
    stockout_p10: string | null;
    stockout_p50: string | null;
    stockout_p90: string | null;
    p_stockout_lead: number | null;
    p_stockout_horizon: number | null;
    demand30_mean: number | null;
    demand30_p10: number | null;
    demand30_p90: number | null;
    reorder_point: number | null;
    suggested_qty: number | null;
    demand_class: string | null;
    dead_stock: boolean;
    revenue_at_risk: string;
    p_stockout_gap: number | null;
    gap_days: number | null;
    gap_revenue: string | null;
    next_arrival_on: string | null;
  }>(
    `SELECT method, status, computed_at, to_char(as_of, 'YYYY-MM-DD') AS as_of, available, velocity,
            days_of_cover, to_char(stockout_p10, 'YYYY-MM-DD') AS stockout_p10,
            to_char(stockout_p50, 'YYYY-MM-DD') AS stockout_p50,
            to_char(stockout_p90, 'YYYY-MM-DD') AS stockout_p90, p_stockout_lead, p_stockout_horizon,
            demand30_mean, demand30_p10, demand30_p90, reorder_point, suggested_qty, demand_class,
            dead_stock, revenue_at_risk, p_stockout_gap, gap_days, gap_revenue,
            to_char(next_arrival_on, 'YYYY-MM-DD') AS next_arrival_on
     FROM forecasts WHERE shop_id = $1 AND variant_id = $2::bigint`,
    [shopId, variantId],
  );
  const f = rows[0];
  if (!f) return null;
  return {
    method: f.method,
    status: f.status,
    computedAt: f.computed_at.toISOString(),
    asOf: f.as_of,
    available: f.available,
    velocity: f.velocity,
    daysOfCover: f.days_of_cover,
    stockoutP10: f.stockout_p10,
    stockoutP50: f.stockout_p50,
    stockoutP90: f.stockout_p90,
    pStockoutLead: f.p_stockout_lead,
    pStockoutHorizon: f.p_stockout_horizon,
    demand30Mean: f.demand30_mean,
    demand30P10: f.demand30_p10,
    demand30P90: f.demand30_p90,
    reorderPoint: f.reorder_point,
    suggestedQty: f.suggested_qty,
    demandClass: f.demand_class,
    deadStock: f.dead_stock,
    revenueAtRisk: Number(f.revenue_at_risk),
    pStockoutGap: f.p_stockout_gap,
    gapDays: f.gap_days,
    gapRevenue: f.gap_revenue === null ? null : Number(f.gap_revenue),
    nextArrivalOn: f.next_arrival_on,
  };
}
