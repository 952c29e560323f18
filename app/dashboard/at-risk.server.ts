// The at-risk set, computed in SQL from the latest forecasts with the same effective parameters
// (shop ← vendor ← variant) and severity bands as the alert rules (domain/alerts/severity.ts,
// rules.ts): out of stock, stockout predicted within lead time + horizon, low stock. Used by the
// overview, the inventory table, its CSV export and the benchmark, so they always agree.
//
// Speed: a variant can only be at risk when its stock is at most the largest threshold in force
// or its stockout date falls before today + the longest lead time + horizon; both are index
// range scans on forecasts, so the exact per-variant bands run on candidates only.
import type { Queryable } from "../../infra/db.ts";
import type { Severity } from "../../domain/alerts/types.ts";
import { QUANTILE_LEVEL } from "../../domain/settings.ts";
import type { ShopContext } from "./shop.server.ts";
import { DEFAULT_QUERY, type InventoryQuery, type SortKey } from "./inventory-query.ts";

export type AtRiskRow = {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  vendor: string | null;
  productType: string | null;
  price: number | null;
  available: number;
  locationAvailable: number | null; // stock at the filtered location
  velocity: number;
  daysToStockout: number | null;
  stockoutP10: string | null;
  stockoutP50: string | null;
  stockoutP90: string | null;
  revenueAtRisk: number;
  suggestedQty: number | null;
  reorderPoint: number | null;
  leadTimeDays: number;
  status: string;
  severity: Severity;
  muted: boolean;
  snoozedUntil: string | null;
  incoming: number; // units on their way
  nextArrivalOn: string | null;
  nextArrivalQty: number | null;
  pStockoutGap: number | null; // P(runs out before the next arrival lands)
};

type Shop = Pick<ShopContext, "id" | "today" | "settings">;
export type AtRiskFilter = Pick<
  InventoryQuery,
  "severity" | "location" | "vendor" | "productType" | "q"
> & { variantIds?: string[] };

const RANK_OF: Record<Severity, number> = { critical: 3, warning: 2, attention: 1 };
const SEVERITY_OF = ["", "attention", "warning", "critical"] as const;

// Raw columns, so a sort can walk the matching forecasts index and stop after one page (the
// stockout date orders exactly like days-to-stockout, NULL last).
const ORDER: Record<SortKey, string> = {
  days: "stockout_key",
  revenue: "revenue_at_risk",
  velocity: "velocity",
  stock: "available",
};

// What bounds the candidates: the largest threshold and lead time in force anywhere in the shop,
// and whether any vendor override exists (only then is every candidate's product needed).
export type Bounds = { th: number; lead: number; vendorOverrides: boolean };

export async function loadBounds(db: Queryable, shop: Shop): Promise<Bounds> {
  const { rows } = await db.query<{ th: number; lead: number; vendors: boolean }>(
    `SELECT GREATEST($2::int,
              COALESCE((SELECT max(threshold) FROM variant_overrides WHERE shop_id = $1), 0),
              COALESCE((SELECT max(threshold) FROM vendor_overrides WHERE shop_id = $1), 0)) AS th,
            GREATEST($3::int,
              COALESCE((SELECT max(lead_time_days) FROM variant_overrides WHERE shop_id = $1), 0),
              COALESCE((SELECT max(lead_time_days) FROM vendor_overrides WHERE shop_id = $1), 0)) AS lead,
            EXISTS (SELECT 1 FROM vendor_overrides WHERE shop_id = $1) AS vendors`,
    [shop.id, shop.settings.lowStockThreshold, shop.settings.leadTimeDays],
  );
  return { th: rows[0]!.th, lead: rows[0]!.lead, vendorOverrides: rows[0]!.vendors };
}

// The scored candidate set, narrow: numbers and ids only, so sorting and counting thousands of
// candidates stays cheap; titles are joined for the one page shown (atRiskRows).
function scoredSql(shop: Shop, f: AtRiskFilter, b: Bounds) {
  const s = shop.settings;
  const params: unknown[] = [
    shop.id,
    shop.today,
    s.leadTimeDays,
    s.alertHorizonDays,
    s.lowStockThreshold,
  ];
  const add = (v: unknown) => `$${params.push(v)}`;
  const dateCol = `stockout_${s.stockoutQuantile}` as const;
  const kinds = s.alertKinds;

  // Known values, not subqueries: the planner then estimates the candidates right. A text search
  // runs over the scored candidates, materialized first: left to itself the planner would run
  // three ILIKEs over every variant of the shop instead of over the few thousand candidates.
  const candidates: string[] = [];
  if (kinds.low_stock) candidates.push(`f.available <= ${add(b.th)}::int`);
  else if (kinds.out_of_stock) candidates.push(`f.available <= 0`);
  if (kinds.stockout_predicted || kinds.out_of_stock)
    candidates.push(`f.${dateCol} <= $2::date + ${add(b.lead + s.alertHorizonDays)}::int`);
  // Stock on its way that lands too late (rules.ts stockGap: the shop's quantile as the bar).
  const gapBar = QUANTILE_LEVEL[s.stockoutQuantile];
  if (kinds.stock_gap) candidates.push(`f.p_stockout_gap >= ${add(gapBar)}::float8`);
  if (candidates.length === 0) candidates.push("false");

  const needProduct = b.vendorOverrides || Boolean(f.vendor || f.productType || f.q);
  const where: string[] = [];
  let locationJoin = "";
  let locationSelect = "NULL::int AS location_available";
  if (f.location) {
    locationJoin = `JOIN inventory_levels lv ON lv.shop_id = $1 AND lv.inventory_item_id = v.inventory_item_id
                      AND lv.location_id = ${add(f.location)}::bigint`;
    locationSelect = "lv.available AS location_available";
  }
  if (f.vendor) where.push(`p.vendor = ${add(f.vendor)}`);
  if (f.productType) where.push(`p.product_type = ${add(f.productType)}`);
  const like = f.q ? add(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : null;
  if (f.variantIds) where.push(`c.variant_id = ANY(${add(f.variantIds)}::bigint[])`);

  // Ordered already: typed in by hand, or on its way (rules.ts: `ordered`).
  const onOrder = "(COALESCE(vo.on_order, 0) + c.incoming)";
  const oos = kinds.out_of_stock
    ? `CASE WHEN c.available <= 0 AND c.status <> 'never_in_stock'
            THEN CASE WHEN c.velocity > 0 THEN 3 ELSE 2 END ELSE 0 END`
    : "0";
  // An order already covering the need holds the stockout alert (rules.ts: coveredByOrder).
  const stockout = kinds.stockout_predicted
    ? `CASE WHEN k.days IS NULL OR (${onOrder} > 0 AND COALESCE(c.suggested_qty, 0) = 0) THEN 0
            WHEN k.days <= k.lead THEN 3
            WHEN k.days <= k.lead + $4::int / 2.0 THEN 2
            WHEN k.days <= k.lead + $4::int THEN 1 ELSE 0 END`
    : "0";
  const low = kinds.low_stock
    ? `CASE WHEN c.available > k.th OR (${onOrder} > 0 AND c.available + ${onOrder} > k.th) THEN 0
            WHEN c.available <= floor(k.th * 0.3) THEN 3
            WHEN c.available <= floor(k.th * 0.7) THEN 2 ELSE 1 END`
    : "0";
  const gap = kinds.stock_gap
    ? `CASE WHEN c.p_stockout_gap IS NULL OR c.p_stockout_gap < ${add(gapBar)}::float8 THEN 0
            WHEN c.p_stockout_gap >= 0.75 THEN 3 WHEN c.p_stockout_gap >= 0.5 THEN 2 ELSE 1 END`
    : "0";
  const vd = b.vendorOverrides;

  const sql = `
    WITH cand AS (
      SELECT f.variant_id, f.available, f.velocity, f.stockout_p10, f.stockout_p25, f.stockout_p50, f.stockout_p90,
             f.revenue_at_risk, f.suggested_qty, f.reorder_point, f.status, f.incoming,
             f.next_arrival_on, f.next_arrival_qty, f.p_stockout_gap
      FROM forecasts f
      WHERE f.shop_id = $1 AND f.tracked AND (${candidates.join(" OR ")})
    ),
    ${like ? "matched AS MATERIALIZED" : "scored AS"} (
      SELECT c.*, v.product_id, ${locationSelect}, k.lead, k.days, c.${dateCol} AS stockout_key,
             ${like ? "p.title AS q_product, v.title AS q_variant, v.sku AS q_sku," : ""}
             (COALESCE(vo.muted, false) OR ${vd ? "COALESCE(vd.muted, false)" : "false"}) AS muted,
             vo.snoozed_until, GREATEST(${oos}, ${stockout}, ${low}, ${gap}) AS rank
      FROM cand c
      JOIN variants v ON v.shop_id = $1 AND v.id = c.variant_id AND v.deleted_at IS NULL
      ${needProduct ? "JOIN products p ON p.shop_id = $1 AND p.id = v.product_id AND p.deleted_at IS NULL" : ""}
      ${locationJoin}
      LEFT JOIN variant_overrides vo ON vo.shop_id = $1 AND vo.variant_id = c.variant_id
      ${vd ? "LEFT JOIN vendor_overrides vd ON vd.shop_id = $1 AND vd.vendor = p.vendor" : ""}
      CROSS JOIN LATERAL (
        SELECT COALESCE(vo.lead_time_days, ${vd ? "vd.lead_time_days, " : ""}$3::int) AS lead,
               COALESCE(vo.threshold, ${vd ? "vd.threshold, " : ""}$5::int) AS th,
               -- GREATEST ignores NULLs: no date must stay "no stockout", not day 0.
               CASE WHEN c.${dateCol} IS NULL THEN NULL ELSE GREATEST(0, c.${dateCol} - $2::date) END AS days
      ) k
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    )${
      like
        ? `, scored AS (
      SELECT * FROM matched
      WHERE q_product ILIKE ${like} OR q_variant ILIKE ${like} OR q_sku ILIKE ${like}
    )`
        : ""
    }`;
  const ranks = f.severity.length ? f.severity.map((x) => RANK_OF[x]) : [1, 2, 3];
  const rankFilter = () => `rank = ANY(${add(ranks)}::int[])`;
  return { sql, params, add, rankFilter };
}

type RawRow = {
  variant_id: string;
  product_id: string;
  product_title: string;
  variant_title: string;
  sku: string | null;
  vendor: string | null;
  product_type: string | null;
  price: string | null;
  available: number;
  location_available: number | null;
  velocity: number;
  days: number | null;
  stockout_p10: string | null;
  stockout_p50: string | null;
  stockout_p90: string | null;
  revenue_at_risk: string;
  suggested_qty: number | null;
  reorder_point: number | null;
  lead: number;
  status: string;
  rank: number;
  muted: boolean;
  snoozed_until: Date | null;
  incoming: number;
  next_arrival_on: string | null;
  next_arrival_qty: number | null;
  p_stockout_gap: number | null;
};

const DATE = (col: string, as: string) => `to_char(${col}, 'YYYY-MM-DD') AS ${as}`;

export async function atRiskRows(
  db: Queryable,
  shop: Shop,
  f: AtRiskFilter,
  order: { sort: SortKey; dir: "asc" | "desc" },
  limit: number,
  offset: number,
  withTotal = false,
  bounds?: Bounds,
): Promise<{ rows: AtRiskRow[]; total: number }> {
  const b = bounds ?? (await loadBounds(db, shop));
  const { sql, params, add, rankFilter } = scoredSql(shop, f, b);
  const dir = order.dir === "asc" ? "ASC" : "DESC";
  const orderBy = (t: string) =>
    `${t}${ORDER[order.sort]} ${dir} NULLS LAST, ${t}rank DESC, ${t}revenue_at_risk DESC, ${t}variant_id`;
  // With a total, the scored set is computed once and read twice (the page and its count): on
  // a busy database one pass beats two queries in parallel.
  const text = `${sql},
    ranked AS ${withTotal ? "MATERIALIZED" : ""} (SELECT * FROM scored WHERE ${rankFilter()}),
    page AS (
      SELECT * FROM ranked ORDER BY ${orderBy("")}
      LIMIT ${add(limit)} OFFSET ${add(offset)}
    )
    SELECT page.variant_id, page.product_id, p.title AS product_title, v.title AS variant_title, v.sku,
           p.vendor, p.product_type, v.price, page.available, page.location_available, page.velocity,
           page.days, ${DATE("page.stockout_p10", "stockout_p10")}, ${DATE("page.stockout_p50", "stockout_p50")},
           ${DATE("page.stockout_p90", "stockout_p90")}, page.revenue_at_risk, page.suggested_qty,
           page.reorder_point, page.lead, page.status, page.rank, page.muted, page.snoozed_until,
           page.incoming, ${DATE("page.next_arrival_on", "next_arrival_on")}, page.next_arrival_qty,
           page.p_stockout_gap
           ${withTotal ? ", (SELECT count(*) FROM ranked) AS total" : ""}
    FROM page
    JOIN variants v ON v.shop_id = $1 AND v.id = page.variant_id
    JOIN products p ON p.shop_id = $1 AND p.id = v.product_id
    ORDER BY ${orderBy("page.")}`;
  const page = await db.query<RawRow & { total?: string }>(text, params);
  let total = page.rows[0]?.total !== undefined ? Number(page.rows[0].total) : 0;
  // A page past the end has no row to carry the total.
  if (withTotal && page.rows.length === 0 && offset > 0) total = await atRiskCount(db, shop, f, b);
  return { rows: page.rows.map(toRow), total };
}

export async function atRiskCount(
  db: Queryable,
  shop: Shop,
  f: AtRiskFilter,
  bounds?: Bounds,
): Promise<number> {
  const b = bounds ?? (await loadBounds(db, shop));
  const { sql, params, rankFilter } = scoredSql(shop, f, b);
  const { rows } = await db.query<{ n: string }>(
    `${sql} SELECT count(*) AS n FROM scored WHERE ${rankFilter()}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

export type AtRiskSummary = {
  atRisk: number;
  critical: number;
  warning: number;
  attention: number;
  revenueAtRisk: number;
};

export async function atRiskSummary(
  db: Queryable,
  shop: Shop,
  bounds?: Bounds,
): Promise<AtRiskSummary> {
  const b = bounds ?? (await loadBounds(db, shop));
  const { sql, params } = scoredSql(shop, DEFAULT_QUERY, b);
  const { rows } = await db.query<{ n: string; c: string; w: string; a: string; r: string | null }>(
    `${sql} SELECT count(*) FILTER (WHERE rank > 0) AS n, count(*) FILTER (WHERE rank = 3) AS c,
                   count(*) FILTER (WHERE rank = 2) AS w, count(*) FILTER (WHERE rank = 1) AS a,
                   sum(revenue_at_risk) FILTER (WHERE rank > 0) AS r
            FROM scored`,
    params,
  );
  const r = rows[0];
  return {
    atRisk: Number(r?.n ?? 0),
    critical: Number(r?.c ?? 0),
    warning: Number(r?.w ?? 0),
    attention: Number(r?.a ?? 0),
    revenueAtRisk: Number(r?.r ?? 0),
  };
}

function toRow(r: RawRow): AtRiskRow {
  return {
    variantId: r.variant_id,
    productId: r.product_id,
    productTitle: r.product_title,
    variantTitle: r.variant_title,
    sku: r.sku,
    vendor: r.vendor,
    productType: r.product_type,
    price: r.price === null ? null : Number(r.price),
    available: r.available,
    locationAvailable: r.location_available,
    velocity: r.velocity,
    daysToStockout: r.days,
    stockoutP10: r.stockout_p10,
    stockoutP50: r.stockout_p50,
    stockoutP90: r.stockout_p90,
    revenueAtRisk: Number(r.revenue_at_risk),
    suggestedQty: r.suggested_qty,
    reorderPoint: r.reorder_point,
    leadTimeDays: r.lead,
    status: r.status,
    severity: (SEVERITY_OF[r.rank] || "attention") as Severity,
    muted: r.muted,
    snoozedUntil: r.snoozed_until ? r.snoozed_until.toISOString() : null,
    incoming: r.incoming,
    nextArrivalOn: r.next_arrival_on,
    nextArrivalQty: r.next_arrival_qty,
    pStockoutGap: r.p_stockout_gap,
  };
}
