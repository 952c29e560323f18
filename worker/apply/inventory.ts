// inventory_levels/update, the hottest event (every sale, restock and adjustment sends one per
// location). Applied in ONE statement, which is atomic by itself: last-writer-wins level upsert,
// the day's stock history for the location and (when this update is the newest) for the
// variant's total, the dirty mark for the forecast, and the event marked processed.
// A late, older update never overwrites a newer level, but still teaches the day's history that
// the item was that low at that time.
import type { Queryable, Tx } from "../../infra/db.ts";
import type { InventoryLevelEvent } from "../../domain/events.ts";
import { STOCK_UPSERT } from "./stock-history.ts";
import type { ShopRow } from "./types.ts";

const APPLY_LEVEL = `
WITH v AS (
  SELECT id FROM variants WHERE shop_id = $1 AND inventory_item_id = $2 AND deleted_at IS NULL LIMIT 1
), lvl AS (
  INSERT INTO inventory_levels AS l (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE
    SET available = EXCLUDED.available, shopify_updated_at = EXCLUDED.shopify_updated_at, applied_at = now()
    WHERE l.shopify_updated_at < EXCLUDED.shopify_updated_at
  RETURNING 1
), obs AS (
  SELECT v.id AS variant_id, $3::bigint AS location_id, $4::int AS available,
         ($5::timestamptz AT TIME ZONE $6)::date AS day
  FROM v
  UNION ALL
  -- The variant's total over locations after this update: the other locations as they stand
  -- plus this one's new value. Only the newest update may move the total.
  SELECT v.id, 0, (SELECT COALESCE(SUM(available), 0)::int FROM inventory_levels
                   WHERE shop_id = $1 AND inventory_item_id = $2 AND location_id <> $3) + $4,
         ($5::timestamptz AT TIME ZONE $6)::date
  FROM v WHERE EXISTS (SELECT 1 FROM lvl)
), stock AS (
  ${STOCK_UPSERT("$1", "$5")}
), dirty AS (
  INSERT INTO forecast_dirty (shop_id, variant_id)
  SELECT $1, v.id FROM v WHERE EXISTS (SELECT 1 FROM lvl)
  ON CONFLICT DO NOTHING
), done AS (
  UPDATE webhook_events SET status = 'processed', error = NULL, processed_at = now(), attempts = attempts + 1
  WHERE id = $7
)
SELECT (SELECT id FROM v) AS variant_id, EXISTS (SELECT 1 FROM lvl) AS latest`;

const UNTRACK = `
WITH item AS (
  UPDATE inventory_items SET tracked = false, updated_at = $3 WHERE shop_id = $1 AND id = $2 RETURNING variant_id
), dirty AS (
  INSERT INTO forecast_dirty (shop_id, variant_id)
  SELECT $1, variant_id FROM item WHERE variant_id IS NOT NULL ON CONFLICT DO NOTHING
), done AS (
  UPDATE webhook_events SET status = 'processed', error = NULL, processed_at = now(), attempts = attempts + 1
  WHERE id = $4
)
SELECT (SELECT variant_id FROM item) AS variant_id`;

// Events for the same item at different locations may be applied at the same moment by
// different jobs; each computes the item's total over locations, so they take turns per item:
// a transaction-scoped advisory lock taken BEFORE the statement (whose snapshot then includes
// the other's committed level). Different items never wait for each other. The worker's hot path
// takes the same lock in the query that loads the event (worker/events/process.ts).
export async function lockInventoryItem(tx: Tx, shopId: number, itemId: string): Promise<void> {
  await tx.query(itemLock(shopId, itemId));
}

function itemLock(shopId: number, itemId: string): string {
  if (!Number.isInteger(shopId) || !/^\d+$/.test(itemId)) throw new Error("bad inventory item key");
  return `SELECT pg_advisory_xact_lock(hashtextextended('inventory:${shopId}:${itemId}', 0))`;
}

// Returns the variant whose forecast is now stale, if any. Marks the event processed itself.
// Call it inside a transaction holding the item's lock.
export async function applyInventoryLevel(
  db: Queryable,
  shop: ShopRow,
  eventId: string,
  e: InventoryLevelEvent,
): Promise<string | null> {
  if (e.available === null) {
    // Shopify stopped tracking this item at a location: nothing to forecast for it.
    const r = await db.query<{ variant_id: string | null }>({
      name: "inventory-untrack",
      text: UNTRACK,
      values: [shop.id, e.inventory_item_id, e.updated_at, eventId],
    });
    return r.rows[0]?.variant_id ?? null;
  }
  const r = await db.query<{ variant_id: string | null; latest: boolean }>({
    name: "inventory-apply",
    text: APPLY_LEVEL,
    values: [
      shop.id,
      e.inventory_item_id,
      e.location_id,
      e.available,
      e.updated_at,
      shop.timezone,
      eventId,
    ],
  });
  const row = r.rows[0];
  return row?.latest && row.variant_id ? row.variant_id : null;
}
