// inventory_items/create|update say whether Shopify tracks an item's stock (and its unit cost);
// since API 2024-07 nothing else does between reconciliations (product webhooks no longer carry
// inventory_management). Last writer wins on the item's updated_at. A change of tracking marks the
// variant dirty: its forecast and alerts follow (an untracked item is never "out of stock").
// inventory_items/delete comes with its variant's deletion: the item's levels go, and the variant
// is marked deleted if its products/update has not done so yet.
import type { InventoryItemEvent } from "../../domain/events.ts";
import { dropForecasts } from "./drop-forecasts.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyInventoryItem(
  { tx, shop }: ApplyContext,
  item: InventoryItemEvent,
): Promise<ApplyResult> {
  const { rows } = await tx.query<{ variant_id: string | null; changed: boolean }>(
    `WITH before AS (SELECT tracked FROM inventory_items WHERE shop_id = $1 AND id = $2)
     INSERT INTO inventory_items AS i (shop_id, id, tracked, unit_cost, updated_at)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (shop_id, id) DO UPDATE
       SET tracked = EXCLUDED.tracked, unit_cost = EXCLUDED.unit_cost, updated_at = EXCLUDED.updated_at
       WHERE i.updated_at IS NULL OR i.updated_at <= EXCLUDED.updated_at
     RETURNING i.variant_id, (SELECT tracked FROM before) IS DISTINCT FROM i.tracked AS changed`,
    [shop.id, item.id, item.tracked, item.cost ?? null, item.updated_at],
  );
  const row = rows[0]; // none: an older update than we hold
  return { dirtyVariants: row?.changed && row.variant_id ? [row.variant_id] : [] };
}

export async function applyInventoryItemDelete(
  { tx, shop }: ApplyContext,
  item: { id: string },
): Promise<ApplyResult> {
  await tx.query(`DELETE FROM inventory_levels WHERE shop_id = $1 AND inventory_item_id = $2`, [
    shop.id,
    item.id,
  ]);
  await tx.query(`DELETE FROM inventory_items WHERE shop_id = $1 AND id = $2`, [shop.id, item.id]);
  const removed = await tx.query<{ id: string }>(
    `UPDATE variants SET deleted_at = now()
     WHERE shop_id = $1 AND inventory_item_id = $2 AND deleted_at IS NULL RETURNING id`,
    [shop.id, item.id],
  );
  await dropForecasts(
    tx,
    shop.id,
    removed.rows.map((r) => r.id),
  );
  return { dirtyVariants: [] };
}
