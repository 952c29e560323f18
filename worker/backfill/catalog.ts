// Step 3: the catalog through one bulk operation — every variant with its product and inventory
// item inline, and each inventory level as a child line. The JSONL is streamed and written in
// batches; nothing holds more than one batch (plus the ids seen, to find deletions).
import { withTx } from "../../infra/db.ts";
import { legacyId, levelInventoryItemId } from "../../infra/shopify-admin.ts";
import {
  CATALOG_BULK_QUERY,
  availableOf,
  incomingOf,
  isCatalogLevel,
  ordersBulkQuery,
  type CatalogRecord,
} from "../../infra/shopify-queries.ts";
import { backfillBulkOperation, startBackfillBulkOperation } from "./bulk.ts";
import {
  markMissingVariantsDeleted,
  writeCatalogBatch,
  writeLevels,
  type CatalogProductRow,
  type CatalogVariantRow,
  type LevelRow,
} from "./catalog-write.ts";
import type { BackfillContext } from "./context.ts";

export async function catalogStep(ctx: BackfillContext): Promise<void> {
  const { progress } = ctx;
  // Both exports run at Shopify at once (five bulk queries may since 2026-01): the orders are
  // being written while we read the catalog.
  await startBackfillBulkOperation(ctx, CATALOG_BULK_QUERY, "catalogOp");
  const orders = ordersBulkQuery(new Date(progress.state.since!));
  await startBackfillBulkOperation(ctx, orders, "ordersOp");
  const op = await backfillBulkOperation(ctx, CATALOG_BULK_QUERY, "catalogOp");
  const snapshotAt = op.createdAt;
  const total = progress.state.totals?.variants || Number(op.rootObjectCount) || 1;

  let products = new Map<string, CatalogProductRow>();
  let variants: CatalogVariantRow[] = [];
  let levels: LevelRow[] = [];
  const seen: string[] = [];
  let levelCount = 0;
  const flush = async () => {
    if (variants.length + levels.length === 0) return;
    const [p, v, l] = [[...products.values()], variants, levels];
    products = new Map();
    variants = [];
    levels = [];
    // Variants before their levels: a level's variant is in this batch or an earlier one.
    await withTx(ctx.db.pool, async (tx) => {
      await writeCatalogBatch(tx, ctx.shop.id, snapshotAt, p, v);
      await writeLevels(tx, ctx.shop.id, l);
    });
    await ctx.checkpoint();
    await progress.within("catalog", seen.length / total);
  };

  for await (const rec of ctx.admin.bulkRecords<CatalogRecord>(op, ctx.signal)) {
    if (isCatalogLevel(rec)) {
      const available = availableOf(rec.quantities);
      const item = levelInventoryItemId(rec.id);
      if (available === null || item === null) continue;
      levels.push({
        itemId: item,
        locationId: legacyId(rec.location.id),
        available,
        incoming: incomingOf(rec.quantities),
        updatedAt: rec.updatedAt,
      });
      levelCount++;
    } else {
      const p = rec.product;
      const productId = legacyId(p.id);
      products.set(productId, {
        id: productId,
        title: p.title,
        handle: p.handle ?? null,
        vendor: p.vendor ?? null,
        productType: p.productType ?? null,
        status: p.status ? p.status.toLowerCase() : null, // REST payloads say "active"
        updatedAt: p.updatedAt,
      });
      const id = legacyId(rec.id);
      seen.push(id);
      variants.push({
        id,
        productId,
        title: rec.title,
        sku: rec.sku ?? null,
        price: rec.price ?? null,
        inventoryItemId: legacyId(rec.inventoryItem.id),
        tracked: rec.inventoryItem.tracked,
        unitCost: rec.inventoryItem.unitCost?.amount ?? null,
        itemUpdatedAt: rec.inventoryItem.updatedAt,
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
      });
    }
    if (variants.length + levels.length >= ctx.batchSize) await flush();
  }
  await flush();

  const deleted = await withTx(ctx.db.pool, (tx) =>
    markMissingVariantsDeleted(tx, ctx.shop.id, snapshotAt, seen),
  );
  Object.assign(progress.stats, {
    variants: seen.length,
    levels: levelCount,
    variantsDeleted: deleted,
  });
}
