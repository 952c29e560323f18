// inventory_levels/update: last writer wins on Shopify's updated_at, so a late or replayed older
// update never overwrites a newer level. The daily stock history still learns from a stale event
// (the item was at that level at that time: it can lower the day's minimum or mark it out of stock).
import type { InventoryLevelEvent } from "../../domain/events.ts";
import { recordStock, TOTAL_LOCATION } from "./stock-history.ts";
import { nothingChanged, type ApplyContext, type ApplyResult } from "./types.ts";

export async function applyInventoryLevel(
  { tx, shop }: ApplyContext,
  e: InventoryLevelEvent,
): Promise<ApplyResult> {
  const found = await tx.query<{ id: string }>(
    `SELECT id FROM variants WHERE shop_id = $1 AND inventory_item_id = $2 AND deleted_at IS NULL`,
    [shop.id, e.inventory_item_id],
  );
  const variantId = found.rows[0]?.id;

  if (e.available === null) {
    // Shopify stopped tracking this item here: nothing to forecast for it.
    await tx.query(
      `UPDATE inventory_items SET tracked = false, updated_at = $3 WHERE shop_id = $1 AND id = $2`,
      [shop.id, e.inventory_item_id, e.updated_at],
    );
    return variantId ? { dirtyVariants: [variantId] } : nothingChanged;
  }

  const level = await tx.query(
    `INSERT INTO inventory_levels AS l (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE
       SET available = EXCLUDED.available, shopify_updated_at = EXCLUDED.shopify_updated_at, applied_at = now()
       WHERE l.shopify_updated_at < EXCLUDED.shopify_updated_at
     RETURNING 1`,
    [shop.id, e.inventory_item_id, e.location_id, e.available, e.updated_at],
  );
  const isLatest = level.rowCount === 1;
  if (!variantId) return nothingChanged; // history starts once the catalog knows the item

  const at = { shopId: shop.id, timezone: shop.timezone, variantId, observedAt: e.updated_at };
  await recordStock(tx, { ...at, locationId: e.location_id, available: e.available });
  if (!isLatest) return nothingChanged;

  // The variant's total over locations after this update: total demand is censored when it is 0.
  const total = await tx.query<{ total: number }>(
    `SELECT COALESCE(SUM(available), 0)::int AS total FROM inventory_levels
     WHERE shop_id = $1 AND inventory_item_id = $2`,
    [shop.id, e.inventory_item_id],
  );
  await recordStock(tx, { ...at, locationId: TOTAL_LOCATION, available: total.rows[0]!.total });
  return { dirtyVariants: [variantId] };
}
