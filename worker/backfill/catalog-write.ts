// Writes one batch of the catalog export: products, variants and inventory items from variant
// lines, inventory levels from level lines, each in one unnest statement. Idempotent, and
// last-writer-wins against what webhooks wrote meanwhile: a row changes only when the export is
// at least as new (Shopify's updatedAt), and a level only when strictly newer, like the webhook.
import type { Tx } from "../../infra/db.ts";
import { dropForecasts } from "../apply/drop-forecasts.ts";

export type CatalogVariantRow = {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  price: string | null;
  inventoryItemId: string;
  tracked: boolean;
  unitCost: string | null;
  itemUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
};

export type CatalogProductRow = {
  id: string;
  title: string;
  handle: string | null;
  vendor: string | null;
  productType: string | null;
  status: string | null;
  updatedAt: string;
};

export type LevelRow = {
  itemId: string;
  locationId: string;
  available: number;
  incoming: number;
  updatedAt: string;
};

/**
 * `snapshotAt` is when the export started: a product or variant deleted (by webhook) before it is
 * alive again in Shopify; one deleted after it stays deleted whatever the export says.
 */
export async function writeCatalogBatch(
  tx: Tx,
  shopId: number,
  snapshotAt: string,
  products: CatalogProductRow[],
  variants: CatalogVariantRow[],
): Promise<void> {
  if (products.length > 0) {
    await tx.query(
      `INSERT INTO products AS p (shop_id, id, title, handle, vendor, product_type, status, updated_at, deleted_at)
       SELECT $1, x.id, x.title, x.handle, NULLIF(x.vendor, ''), NULLIF(x.product_type, ''), x.status, x.updated_at, NULL
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS x(id, title, handle, vendor, product_type, status, updated_at)
       ON CONFLICT (shop_id, id) DO UPDATE SET
         title = EXCLUDED.title, handle = EXCLUDED.handle, vendor = EXCLUDED.vendor,
         product_type = EXCLUDED.product_type, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
         deleted_at = CASE WHEN p.deleted_at < $9::timestamptz THEN NULL ELSE p.deleted_at END
       WHERE p.updated_at IS NULL OR p.updated_at <= EXCLUDED.updated_at`,
      [
        shopId,
        products.map((p) => p.id),
        products.map((p) => p.title),
        products.map((p) => p.handle),
        products.map((p) => p.vendor),
        products.map((p) => p.productType),
        products.map((p) => p.status),
        products.map((p) => p.updatedAt),
        snapshotAt,
      ],
    );
  }
  if (variants.length === 0) return;
  await tx.query(
    `INSERT INTO variants AS v (shop_id, id, product_id, title, sku, price, inventory_item_id, created_at, updated_at, deleted_at)
     SELECT $1, x.id, x.product_id, x.title, NULLIF(x.sku, ''), x.price, x.item, x.created_at, x.updated_at, NULL
     FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::numeric[], $7::bigint[],
                 $8::timestamptz[], $9::timestamptz[])
       AS x(id, product_id, title, sku, price, item, created_at, updated_at)
     ON CONFLICT (shop_id, id) DO UPDATE SET
       product_id = EXCLUDED.product_id, title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price,
       inventory_item_id = EXCLUDED.inventory_item_id, created_at = COALESCE(v.created_at, EXCLUDED.created_at),
       updated_at = EXCLUDED.updated_at,
       deleted_at = CASE WHEN v.deleted_at < $10::timestamptz THEN NULL ELSE v.deleted_at END
     WHERE v.updated_at IS NULL OR v.updated_at <= EXCLUDED.updated_at`,
    [
      shopId,
      variants.map((v) => v.id),
      variants.map((v) => v.productId),
      variants.map((v) => v.title),
      variants.map((v) => v.sku),
      variants.map((v) => v.price),
      variants.map((v) => v.inventoryItemId),
      variants.map((v) => v.createdAt),
      variants.map((v) => v.updatedAt),
      snapshotAt,
    ],
  );
  await tx.query(
    `INSERT INTO inventory_items AS i (shop_id, id, variant_id, tracked, unit_cost, updated_at)
     SELECT $1, x.id, x.variant_id, x.tracked, x.cost, x.updated_at
     FROM unnest($2::bigint[], $3::bigint[], $4::boolean[], $5::numeric[], $6::timestamptz[])
       AS x(id, variant_id, tracked, cost, updated_at)
     ON CONFLICT (shop_id, id) DO UPDATE SET
       variant_id = EXCLUDED.variant_id, tracked = EXCLUDED.tracked, unit_cost = EXCLUDED.unit_cost,
       updated_at = EXCLUDED.updated_at
     WHERE i.updated_at IS NULL OR i.updated_at <= EXCLUDED.updated_at`,
    [
      shopId,
      variants.map((v) => v.inventoryItemId),
      variants.map((v) => v.id),
      variants.map((v) => v.tracked),
      variants.map((v) => v.unitCost),
      variants.map((v) => v.itemUpdatedAt),
    ],
  );
}

export async function writeLevels(tx: Tx, shopId: number, levels: LevelRow[]): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    `INSERT INTO inventory_levels AS l (shop_id, inventory_item_id, location_id, available, shopify_updated_at, incoming)
     SELECT $1, x.item, x.location, x.available, x.updated_at, x.incoming
     FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::timestamptz[], $6::int[])
       AS x(item, location, available, updated_at, incoming)
     ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE
       SET available = CASE WHEN l.shopify_updated_at < EXCLUDED.shopify_updated_at
                            THEN EXCLUDED.available ELSE l.available END,
           shopify_updated_at = GREATEST(l.shopify_updated_at, EXCLUDED.shopify_updated_at),
           incoming = EXCLUDED.incoming, applied_at = now()
       WHERE l.shopify_updated_at < EXCLUDED.shopify_updated_at OR l.incoming <> EXCLUDED.incoming`,
    [
      shopId,
      levels.map((l) => l.itemId),
      levels.map((l) => l.locationId),
      levels.map((l) => l.available),
      levels.map((l) => l.updatedAt),
      levels.map((l) => l.incoming),
    ],
  );
}

/**
 * Variants we hold that the export did not contain were deleted in Shopify while we were not
 * listening (uninstalled); those changed after the export started are left to their webhooks.
 */
export async function markMissingVariantsDeleted(
  tx: Tx,
  shopId: number,
  snapshotAt: string,
  seen: string[],
): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE variants SET deleted_at = now()
     WHERE shop_id = $1 AND deleted_at IS NULL AND id <> ALL($2::bigint[])
       AND (updated_at IS NULL OR updated_at < $3::timestamptz)
     RETURNING id`,
    [shopId, seen, snapshotAt],
  );
  await dropForecasts(
    tx,
    shopId,
    rows.map((r) => r.id),
  );
  return rows.length;
}
