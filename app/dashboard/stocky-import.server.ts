// Writes a validated Stocky import (domain/purchasing/stocky-import.ts) for one shop, whole or
// not at all: purchase-order SKUs must each name exactly one of the shop's variants and an order
// number can be imported once; any bad row and nothing is written. Imported open orders are
// "ordered": stock on its way in every projection from the next recompute.
import type pg from "pg";
import { withTx } from "../../infra/db.ts";
import type { ParsedImport, RowError } from "../../domain/purchasing/stocky-import.ts";
import type { VendorOverride } from "../../domain/settings.ts";

export type ImportOutcome = { imported: number; errors: RowError[] };

export async function writeImport(
  db: pg.Pool,
  shop: { id: number; currency: string; timezone: string },
  p: ParsedImport,
): Promise<ImportOutcome> {
  if (p.errors.length) return { imported: 0, errors: p.errors };
  if (p.kind === "suppliers") {
    const suppliers = p.suppliers;
    if (suppliers.length === 0) return { imported: 0, errors: [] };
    const col = <T>(f: (s: VendorOverride) => T) => suppliers.map(f);
    await withTx(db, async (tx) => {
      await tx.query(
        `INSERT INTO vendor_overrides AS vo (shop_id, vendor, lead_time_days, review_days, min_order_qty,
                                             pack_size, service_level, updated_at)
         SELECT $1, x.* , now() FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::float8[]) AS x
         ON CONFLICT (shop_id, vendor) DO UPDATE SET
           lead_time_days = COALESCE(EXCLUDED.lead_time_days, vo.lead_time_days),
           review_days = COALESCE(EXCLUDED.review_days, vo.review_days),
           min_order_qty = COALESCE(EXCLUDED.min_order_qty, vo.min_order_qty),
           pack_size = COALESCE(EXCLUDED.pack_size, vo.pack_size),
           service_level = COALESCE(EXCLUDED.service_level, vo.service_level), updated_at = now()`,
        [
          shop.id,
          col((s) => s.vendor),
          col((s) => s.leadTimeDays),
          col((s) => s.reviewDays),
          col((s) => s.minOrderQty),
          col((s) => s.packSize),
          col((s) => s.serviceLevel),
        ],
      );
      await tx.query(
        `INSERT INTO forecast_dirty (shop_id, variant_id)
         SELECT $1, v.id FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
         WHERE v.shop_id = $1 AND p.vendor = ANY($2::text[]) AND v.deleted_at IS NULL
         ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
        [shop.id, col((s) => s.vendor)],
      );
    });
    return { imported: suppliers.length, errors: [] };
  }

  const skus = [...new Set(p.orders.flatMap((o) => o.lines.map((l) => l.sku)))];
  const { rows: found } = await db.query<{ sku: string; ids: string[] }>(
    `SELECT sku, array_agg(id::text) AS ids FROM variants
     WHERE shop_id = $1 AND sku = ANY($2::text[]) AND deleted_at IS NULL GROUP BY sku`,
    [shop.id, skus],
  );
  const bySku = new Map(found.map((r) => [r.sku, r.ids]));
  const { rows: already } = await db.query<{ reference: string }>(
    `SELECT reference FROM purchase_orders WHERE shop_id = $1 AND source = 'import' AND reference = ANY($2::text[])`,
    [shop.id, p.orders.map((o) => o.reference)],
  );
  const imported = new Set(already.map((r) => r.reference));
  const errors: RowError[] = [];
  for (const o of p.orders)
    for (const l of o.lines) {
      const ids = bySku.get(l.sku) ?? [];
      if (imported.has(o.reference))
        errors.push({ line: l.line, reason: `${o.reference} was imported already` });
      else if (ids.length === 0)
        errors.push({ line: l.line, reason: `sku ${l.sku} matches no variant in this shop` });
      else if (ids.length > 1)
        errors.push({ line: l.line, reason: `sku ${l.sku} matches ${ids.length} variants` });
    }
  if (errors.length) return { imported: 0, errors: errors.sort((a, b) => a.line - b.line) };

  await withTx(db, async (tx) => {
    for (const o of p.orders) {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO purchase_orders (shop_id, supplier, status, reference, currency, source, ordered_at, expected_on)
         VALUES ($1, $2, 'ordered', $3, $4, 'import',
                 COALESCE(($5::date)::timestamp AT TIME ZONE $7, now()), $6::date)
         RETURNING id::text`,
        [shop.id, o.supplier, o.reference, shop.currency, o.orderedOn, o.expectedOn, shop.timezone],
      );
      const id = rows[0]!.id;
      await tx.query(
        `INSERT INTO purchase_order_lines (shop_id, purchase_order_id, variant_id, sku, supplier_sku, quantity, unit_cost)
         SELECT $1, $2::bigint, x.variant_id, x.sku, x.supplier_sku, x.quantity, x.unit_cost
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::int[], $7::numeric[])
           AS x(variant_id, sku, supplier_sku, quantity, unit_cost)`,
        [
          shop.id,
          id,
          o.lines.map((l) => bySku.get(l.sku)![0]),
          o.lines.map((l) => l.sku),
          o.lines.map((l) => l.supplierSku),
          o.lines.map((l) => l.quantity),
          o.lines.map((l) => l.unitCost),
        ],
      );
    }
    await tx.query(
      `INSERT INTO forecast_dirty (shop_id, variant_id)
       SELECT $1, unnest($2::bigint[]) ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
      [shop.id, [...new Set(p.orders.flatMap((o) => o.lines.map((l) => bySku.get(l.sku)![0])))]],
    );
  });
  return { imported: p.orders.length, errors: [] };
}
