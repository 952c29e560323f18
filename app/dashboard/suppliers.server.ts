// Suppliers: the shop's product vendors, the suppliers named on purchase orders and any with
// settings of their own, with the ordering terms the engine honours for every variant of theirs
// (vendor_overrides: lead time, review period, minimum order, pack size, service level, mute).
// A change marks the supplier's variants dirty, so the worker recomputes their projections.
import type { Queryable } from "../../infra/db.ts";
import type { VendorOverride } from "../../domain/settings.ts";

export type SupplierRow = {
  name: string;
  variants: number; // live variants of its products
  onOrder: number; // units on their way from it (open purchase orders here, Shopify transfers)
  threshold: number | null;
  leadTimeDays: number | null;
  reviewDays: number | null;
  minOrderQty: number | null;
  packSize: number | null;
  serviceLevel: number | null;
  muted: boolean;
  configured: boolean; // has settings of its own
};

export const SUPPLIER_FIELDS = [
  "threshold",
  "leadTimeDays",
  "reviewDays",
  "minOrderQty",
  "packSize",
  "serviceLevel",
  "muted",
] as const;
export type SupplierField = (typeof SUPPLIER_FIELDS)[number];

export async function listSuppliers(db: Queryable, shopId: number): Promise<SupplierRow[]> {
  const { rows } = await db.query<{
    name: string;
    variants: number;
    on_order: number;
    threshold: number | null;
    lead_time_days: number | null;
    review_days: number | null;
    min_order_qty: number | null;
    pack_size: number | null;
    service_level: number | null;
    muted: boolean | null;
    configured: boolean;
  }>(
    `WITH names AS (
       SELECT vendor AS name FROM products WHERE shop_id = $1 AND deleted_at IS NULL AND vendor <> ''
       UNION SELECT vendor FROM vendor_overrides WHERE shop_id = $1
       UNION SELECT supplier FROM purchase_orders WHERE shop_id = $1
     )
     SELECT n.name,
            (SELECT count(*)::int FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
             WHERE v.shop_id = $1 AND p.vendor = n.name AND v.deleted_at IS NULL AND p.deleted_at IS NULL) AS variants,
            (COALESCE((SELECT sum(pol.quantity - pol.received_qty) FROM purchase_orders po
                       JOIN purchase_order_lines pol ON pol.purchase_order_id = po.id AND pol.shop_id = $1
                       WHERE po.shop_id = $1 AND po.supplier = n.name AND po.status = 'ordered'), 0)
             + COALESCE((SELECT sum(quantity) FROM inbound_lines
                         WHERE shop_id = $1 AND supplier = n.name), 0))::int AS on_order,
            vo.threshold, vo.lead_time_days, vo.review_days, vo.min_order_qty, vo.pack_size,
            vo.service_level, vo.muted, vo.vendor IS NOT NULL AS configured
     FROM names n
     LEFT JOIN vendor_overrides vo ON vo.shop_id = $1 AND vo.vendor = n.name
     ORDER BY lower(n.name)`,
    [shopId],
  );
  return rows.map((r) => ({
    name: r.name,
    variants: r.variants,
    onOrder: r.on_order,
    threshold: r.threshold,
    leadTimeDays: r.lead_time_days,
    reviewDays: r.review_days,
    minOrderQty: r.min_order_qty,
    packSize: r.pack_size,
    serviceLevel: r.service_level,
    muted: Boolean(r.muted),
    configured: r.configured,
  }));
}

const COLUMN: Record<SupplierField, string> = {
  threshold: "threshold",
  leadTimeDays: "lead_time_days",
  reviewDays: "review_days",
  minOrderQty: "min_order_qty",
  packSize: "pack_size",
  serviceLevel: "service_level",
  muted: "muted",
};

// Writes the given fields for each named supplier (others keep their value), then marks their
// variants dirty. `fields` lists what the form set: one supplier's form sets them all, a bulk
// edit only those the merchant filled in.
export async function saveSuppliers(
  db: Queryable,
  shopId: number,
  names: string[],
  values: Omit<VendorOverride, "vendor">,
  fields: readonly SupplierField[],
): Promise<number> {
  if (names.length === 0 || fields.length === 0) return 0;
  const cols = fields.map((f) => COLUMN[f]);
  const params: unknown[] = [shopId, names];
  const vals = fields.map((f) => `$${params.push(values[f])}`);
  const casts = fields.map((f) =>
    f === "muted" ? "::boolean" : f === "serviceLevel" ? "::float8" : "::int",
  );
  const r = await db.query(
    `INSERT INTO vendor_overrides (shop_id, vendor, ${cols.join(", ")}, updated_at)
     SELECT $1, n, ${vals.map((v, i) => `${v}${casts[i]}`).join(", ")}, now() FROM unnest($2::text[]) AS n
     ON CONFLICT (shop_id, vendor) DO UPDATE SET
       ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, updated_at = now()`,
    params,
  );
  await db.query(
    `INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT $1, v.id FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     WHERE v.shop_id = $1 AND p.vendor = ANY($2::text[]) AND v.deleted_at IS NULL
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
    [shopId, names],
  );
  return r.rowCount ?? 0;
}
