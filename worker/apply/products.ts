// products/create|update bring the catalog: product, its variants and their inventory items.
// Last writer wins on the product's updated_at; variants missing from a newer payload were
// deleted in Shopify. Since API 2024-07 the variants carry no `inventory_management`: whether an
// item is tracked comes from inventory_items/create|update (worker/apply/inventory-items.ts), the
// backfill and the reconciliation, never from a product webhook. products/delete marks the product and its variants deleted and drops
// their forecasts (their history stays until shop/redact, like Shopify's own reports).
import type { ProductEvent } from "../../domain/events.ts";
import { dropForecasts } from "./drop-forecasts.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyProduct(
  { tx, shop }: ApplyContext,
  p: ProductEvent,
): Promise<ApplyResult> {
  const product = await tx.query(
    `INSERT INTO products AS p (shop_id, id, title, handle, vendor, product_type, status, updated_at, deleted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)
     ON CONFLICT (shop_id, id) DO UPDATE SET
       title = EXCLUDED.title, handle = EXCLUDED.handle, vendor = EXCLUDED.vendor,
       product_type = EXCLUDED.product_type, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
     WHERE p.updated_at IS NULL OR p.updated_at <= EXCLUDED.updated_at
     RETURNING 1`,
    [
      shop.id,
      p.id,
      p.title,
      p.handle ?? null,
      p.vendor ?? null,
      p.product_type ?? null,
      p.status ?? null,
      p.updated_at,
    ],
  );
  if (product.rowCount === 0) return { dirtyVariants: [] }; // an older payload than we hold

  const v = p.variants;
  await tx.query(
    `INSERT INTO variants AS v (shop_id, id, product_id, title, sku, price, inventory_item_id, created_at, updated_at, deleted_at)
     SELECT $1, x.id, $2, x.title, NULLIF(x.sku, ''), x.price, x.item, x.created_at, x.updated_at, NULL
     FROM unnest($3::bigint[], $4::text[], $5::text[], $6::numeric[], $7::bigint[], $8::timestamptz[], $9::timestamptz[])
       AS x(id, title, sku, price, item, created_at, updated_at)
     ON CONFLICT (shop_id, id) DO UPDATE SET
       product_id = EXCLUDED.product_id, title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price,
       inventory_item_id = EXCLUDED.inventory_item_id, created_at = COALESCE(v.created_at, EXCLUDED.created_at),
       updated_at = EXCLUDED.updated_at, deleted_at = NULL`,
    [
      shop.id,
      p.id,
      v.map((x) => x.id),
      v.map((x) => x.title),
      v.map((x) => x.sku ?? null),
      v.map((x) => x.price ?? null),
      v.map((x) => x.inventory_item_id),
      v.map((x) => x.created_at ?? null),
      v.map((x) => x.updated_at ?? null),
    ],
  );

  await linkItems(
    tx,
    shop.id,
    v.filter((x) => x.inventory_item_id !== null),
  );

  // Variants that disappeared from the product were deleted in Shopify.
  const removed = await tx.query<{ id: string }>(
    `UPDATE variants SET deleted_at = now()
     WHERE shop_id = $1 AND product_id = $2 AND deleted_at IS NULL AND NOT (id = ANY($3::bigint[]))
     RETURNING id`,
    [shop.id, p.id, v.map((x) => x.id)],
  );
  await dropForecasts(
    tx,
    shop.id,
    removed.rows.map((r) => r.id),
  );
  return { dirtyVariants: v.map((x) => x.id) };
}

export async function applyProductDelete(
  { tx, shop }: ApplyContext,
  p: { id: string },
): Promise<ApplyResult> {
  await tx.query(`UPDATE products SET deleted_at = now() WHERE shop_id = $1 AND id = $2`, [
    shop.id,
    p.id,
  ]);
  const removed = await tx.query<{ id: string }>(
    `UPDATE variants SET deleted_at = now() WHERE shop_id = $1 AND product_id = $2 AND deleted_at IS NULL RETURNING id`,
    [shop.id, p.id],
  );
  await dropForecasts(
    tx,
    shop.id,
    removed.rows.map((r) => r.id),
  );
  return { dirtyVariants: [] };
}

type VariantPayload = ProductEvent["variants"][number];

// Links each variant's inventory item to it. An item seen first here is taken as tracked (what
// Shopify does for a new product) with no timestamp of its own, so the item's own webhook, the
// backfill or the reconciliation, whichever tells, always wins; a known item keeps what we knew.
async function linkItems(tx: ApplyContext["tx"], shopId: number, variants: VariantPayload[]) {
  if (variants.length === 0) return;
  await tx.query(
    `INSERT INTO inventory_items AS i (shop_id, id, variant_id, tracked, updated_at)
     SELECT $1, x.id, x.variant_id, true, NULL
     FROM unnest($2::bigint[], $3::bigint[]) AS x(id, variant_id)
     ON CONFLICT (shop_id, id) DO UPDATE SET variant_id = EXCLUDED.variant_id
     WHERE i.variant_id IS DISTINCT FROM EXCLUDED.variant_id`,
    [shopId, variants.map((x) => x.inventory_item_id), variants.map((x) => x.id)],
  );
}
