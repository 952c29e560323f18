// Builds each variant's demand history from Postgres for the forecast: daily net units (all
// locations) and the censoring mask from the total-stock history (location 0).
// The series covers complete days only and ends yesterday in the shop's time zone; stock is now.
import type { Queryable, Tx } from "../../infra/db.ts";
import { addDays, daysBetween, type DemandHistory } from "../../domain/forecast/index.ts";

// The engine reads a year and a month: its smoothing has long memory for slow movers, and a
// shop with that much history (a backfill with read_all_orders reads 400 days) gets last
// year's season around today (domain/forecast/shop-trend.ts needs 392 days).
export const HISTORY_DAYS = 400;

export type VariantFacts = {
  id: string;
  productId: string;
  vendor: string | null;
  productType: string | null;
  price: number;
  tracked: boolean;
  available: number;
  sku: string | null;
  leadTimeDays: number | null; // override: variant, else vendor
  minOrderQty: number | null;
  packSize: number | null;
  onOrder: number;
  // The vendor's (supplier's) ordering terms, where set (the suppliers page).
  vendorTerms: {
    reviewDays: number | null;
    minOrderQty: number | null;
    packSize: number | null;
    serviceLevel: number | null;
  };
};

// stock: end-of-day stock (all locations) on the same calendar as the history, NaN before any
// stock knowledge: the accuracy replay needs what was on hand as of a past day.
export type LoadedHistory = { facts: VariantFacts; history: DemandHistory; stock: Float64Array };

export async function loadHistories(
  tx: Tx,
  shopId: number,
  timezone: string,
  variantIds: string[],
  asOf: string,
  salesSince: string | null = null,
): Promise<LoadedHistory[]> {
  const start = addDays(asOf, -(HISTORY_DAYS - 1));
  // One statement, one round trip: each variant's facts with its series as arrays.
  const facts = await tx.query<{
    id: string;
    product_id: string;
    vendor: string | null;
    product_type: string | null;
    price: string | null;
    tracked: boolean;
    available: number;
    sku: string | null;
    first_day: string | null;
    lead_time_days: number | null;
    min_order_qty: number | null;
    pack_size: number | null;
    on_order: number | null;
    vd_review_days: number | null;
    vd_min_order_qty: number | null;
    vd_pack_size: number | null;
    vd_service_level: number | null;
    opening: number | null;
    sale_days: number[] | null;
    sale_units: number[] | null;
    stock_days: number[] | null;
    stock_ends: number[] | null;
    stock_outs: boolean[] | null;
  }>({
    name: "forecast-histories",
    text: `
      SELECT v.id, v.product_id, p.vendor, p.product_type, v.price, v.sku,
             COALESCE(i.tracked, true) AS tracked,
             COALESCE((SELECT SUM(l.available) FROM inventory_levels l
                       WHERE l.shop_id = v.shop_id AND l.inventory_item_id = v.inventory_item_id), 0)::int AS available,
             to_char((v.created_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS first_day,
             COALESCE(vo.lead_time_days, vd.lead_time_days) AS lead_time_days,
             vo.min_order_qty, vo.pack_size, vo.on_order,
             vd.review_days AS vd_review_days, vd.min_order_qty AS vd_min_order_qty,
             vd.pack_size AS vd_pack_size, vd.service_level AS vd_service_level,
             (SELECT o.end_available FROM daily_stock o
              WHERE o.shop_id = v.shop_id AND o.variant_id = v.id AND o.location_id = 0 AND o.day < $3::date
              ORDER BY o.day DESC LIMIT 1) AS opening,
             s.days AS sale_days, s.units AS sale_units,
             st.days AS stock_days, st.ends AS stock_ends, st.outs AS stock_outs
      FROM variants v
      JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
      LEFT JOIN variant_overrides vo ON vo.shop_id = v.shop_id AND vo.variant_id = v.id
      LEFT JOIN vendor_overrides vd ON vd.shop_id = v.shop_id AND vd.vendor = p.vendor
      -- Per variant, along the (shop, variant, …) keys: an index range each.
      LEFT JOIN LATERAL (
        SELECT array_agg(d ORDER BY d) AS days, array_agg(units ORDER BY d) AS units
        FROM (SELECT (day - $3::date) AS d, SUM(units)::int AS units FROM daily_sales
              WHERE shop_id = v.shop_id AND variant_id = v.id AND day BETWEEN $3::date AND $4::date
              GROUP BY day) x
      ) s ON true
      LEFT JOIN LATERAL (
        SELECT array_agg(day - $3::date ORDER BY day) AS days,
               array_agg(end_available ORDER BY day) AS ends, array_agg(out_of_stock ORDER BY day) AS outs
        FROM daily_stock
        WHERE shop_id = v.shop_id AND variant_id = v.id AND location_id = 0
          AND day BETWEEN $3::date AND $4::date
      ) st ON true
      WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[]) AND v.deleted_at IS NULL`,
    values: [shopId, variantIds, start, asOf, timezone],
  });

  const known = salesSince ? Math.max(0, daysBetween(start, salesSince)) : 0;
  return facts.rows.map((f) => {
    // The series starts when the variant existed and we had the shop's sales, whichever is later.
    const created = f.first_day ? Math.max(0, daysBetween(start, f.first_day)) : 0;
    const price = f.price === null ? 0 : Number(f.price);
    return {
      facts: {
        id: f.id,
        productId: f.product_id,
        vendor: f.vendor,
        productType: f.product_type,
        price,
        tracked: f.tracked,
        available: f.available,
        sku: f.sku,
        leadTimeDays: f.lead_time_days,
        minOrderQty: f.min_order_qty,
        packSize: f.pack_size,
        onOrder: f.on_order ?? 0,
        vendorTerms: {
          reviewDays: f.vd_review_days,
          minOrderQty: f.vd_min_order_qty,
          packSize: f.vd_pack_size,
          serviceLevel: f.vd_service_level,
        },
      },
      history: {
        asOf,
        units: dailyUnits(f.sale_days ?? [], f.sale_units ?? []),
        censored: censoredDays(
          f.stock_days ?? [],
          f.stock_ends ?? [],
          f.stock_outs ?? [],
          f.opening,
        ),
        firstDay: Math.min(Math.max(created, known), HISTORY_DAYS),
        available: f.available,
        tracked: f.tracked,
        price,
        // Variants with little history borrow from their product, then their product type.
        groups: [`product:${f.product_id}`, ...(f.product_type ? [`type:${f.product_type}`] : [])],
      },
      stock: endOfDayStock(f.stock_days ?? [], f.stock_ends ?? [], f.opening),
    };
  });
}

function dailyUnits(days: number[], units: number[]): Float64Array {
  const out = new Float64Array(HISTORY_DAYS);
  for (let k = 0; k < days.length; k++) out[days[k]!] = units[k]!;
  return out;
}

// A day is out of stock if its row says so, or (no row) if the stock carried over from the last
// known day is <= 0. Days before any stock knowledge count as in stock.
function censoredDays(
  days: number[],
  ends: number[],
  outs: boolean[],
  opening: number | null,
): Uint8Array {
  const out = new Uint8Array(HISTORY_DAYS);
  let carried = opening;
  let k = 0;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    if (days[k] === d) {
      out[d] = outs[k] ? 1 : 0;
      carried = ends[k]!;
      k++;
    } else {
      out[d] = carried !== null && carried <= 0 ? 1 : 0;
    }
  }
  return out;
}

// The stock each day ended with, carried over days without a row; NaN before the first known.
function endOfDayStock(days: number[], ends: number[], opening: number | null): Float64Array {
  const out = new Float64Array(HISTORY_DAYS);
  let carried = opening ?? NaN;
  let k = 0;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    if (days[k] === d) carried = ends[k++]!;
    out[d] = carried;
  }
  return out;
}

// What the recompute needs to know about the shop as a whole: since when we have its sales
// (before that, a variant's zero days are not evidence of zero demand: we simply did not see
// them), and its weekly rhythm (average units per weekday, Sunday first) — only once there are
// four weeks of selling days to learn it from; null otherwise.
export type ShopProfile = {
  salesSince: string | null;
  dayOfWeek: number[] | null;
  sellingDays: number;
};

export const MIN_SELLING_DAYS_FOR_RHYTHM = 28;

export async function loadShopProfile(
  db: Queryable,
  shopId: number,
  asOf: string,
): Promise<ShopProfile> {
  const start = addDays(asOf, -(HISTORY_DAYS - 1));
  const { rows } = await db.query<{
    dow: number;
    units: string;
    selling_days: number;
    first: string;
  }>(
    `SELECT extract(dow FROM day)::int AS dow, SUM(units) AS units, count(DISTINCT day)::int AS selling_days,
            to_char(min(day), 'YYYY-MM-DD') AS first
     FROM daily_sales WHERE shop_id = $1 AND day BETWEEN $2::date AND $3::date GROUP BY 1`,
    [shopId, start, asOf],
  );
  if (rows.length === 0) return { salesSince: null, dayOfWeek: null, sellingDays: 0 };
  const salesSince = rows.map((r) => r.first).sort()[0]!;
  const sellingDays = rows.reduce((n, r) => n + r.selling_days, 0);
  if (sellingDays < MIN_SELLING_DAYS_FOR_RHYTHM)
    return { salesSince, dayOfWeek: null, sellingDays };
  // Average per calendar weekday since sales began (not per selling day: a weekday the shop
  // rarely sells on must come out low).
  const weekdays = Array.from({ length: 7 }, () => 0);
  for (let d = salesSince; d <= asOf; d = addDays(d, 1))
    weekdays[new Date(`${d}T00:00:00Z`).getUTCDay()]!++;
  const perDay = Array.from({ length: 7 }, () => 0);
  for (const r of rows) perDay[r.dow] = Number(r.units) / Math.max(1, weekdays[r.dow]!);
  const mean = perDay.reduce((a, b) => a + b, 0) / 7;
  return { salesSince, dayOfWeek: mean > 0 ? perDay.map((x) => x / mean) : null, sellingDays };
}
