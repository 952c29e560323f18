// Compares a batch of levels read from Shopify with inventory_levels and repairs what drifted,
// with the webhooks' last-writer-wins rule: Shopify's value replaces ours when its updatedAt is
// newer, or equal with a different value (two changes in the same second, the second webhook
// lost); ours stays when a webhook already brought something newer. A repaired level is folded
// into the stock history at the time Shopify says it changed (for its location and the variant's
// total) and its variant is marked dirty, so forecasts and alerts follow.
import type { Tx } from "../../infra/db.ts";
import { STOCK_UPSERT } from "../apply/stock-history.ts";
import type { LevelObservation } from "./read-levels.ts";

export type Correction = {
  item: string;
  location: string;
  was: number | null;
  now: number;
  at: string;
};

const APPLY = `
WITH obs AS (
  SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::timestamptz[]) AS x(item, location, available, at)
), before AS (
  -- Every part of one statement sees the same snapshot: this is the level before the upsert.
  SELECT o.item, o.location, l.available AS was
  FROM obs o LEFT JOIN inventory_levels l
    ON l.shop_id = $1 AND l.inventory_item_id = o.item AND l.location_id = o.location
), up AS (
  INSERT INTO inventory_levels AS l (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
  SELECT $1, item, location, available, at FROM obs
  ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE
    SET available = EXCLUDED.available, shopify_updated_at = EXCLUDED.shopify_updated_at, applied_at = now()
    WHERE l.shopify_updated_at < EXCLUDED.shopify_updated_at
       OR (l.shopify_updated_at = EXCLUDED.shopify_updated_at AND l.available <> EXCLUDED.available)
  RETURNING inventory_item_id, location_id, available, shopify_updated_at
)
SELECT up.inventory_item_id AS item, up.location_id AS location, b.was, up.available AS now,
       up.shopify_updated_at AS at, v.id AS variant_id
FROM up
JOIN before b ON b.item = up.inventory_item_id AND b.location = up.location_id
LEFT JOIN variants v ON v.shop_id = $1 AND v.inventory_item_id = up.inventory_item_id AND v.deleted_at IS NULL
WHERE b.was IS DISTINCT FROM up.available`;

// The repaired levels as observations: each location, and each touched variant's new total.
const HISTORY = `
WITH x AS (
  SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::timestamptz[]) AS x(variant_id, location_id, available, at)
), obs AS (
  SELECT variant_id, location_id, available, (at AT TIME ZONE $6)::date AS day, at FROM x
  UNION ALL
  SELECT t.variant_id, 0,
         (SELECT COALESCE(SUM(l.available), 0)::int FROM inventory_levels l
          JOIN variants v ON v.shop_id = l.shop_id AND v.inventory_item_id = l.inventory_item_id
          WHERE v.shop_id = $1 AND v.id = t.variant_id),
         (t.at AT TIME ZONE $6)::date, t.at
  FROM (SELECT variant_id, MAX(at) AS at FROM x GROUP BY variant_id) t
), stock AS (
  ${STOCK_UPSERT("$1", "o.at")}
)
INSERT INTO forecast_dirty (shop_id, variant_id)
SELECT DISTINCT $1, variant_id FROM x ON CONFLICT DO NOTHING`;

// Tracking as Shopify has it now: items whose flag differs are switched and their variants marked
// dirty (an untracked item has no stockout to predict). Webhooks (inventory_items/update) usually
// told us already; this catches the ones that were lost.
const TRACKING = `
WITH x AS (
  SELECT DISTINCT ON (id) id, tracked FROM unnest($2::bigint[], $3::boolean[]) AS x(id, tracked)
), changed AS (
  UPDATE inventory_items i SET tracked = x.tracked
  FROM x WHERE i.shop_id = $1 AND i.id = x.id AND i.tracked <> x.tracked
  RETURNING i.variant_id
)
INSERT INTO forecast_dirty (shop_id, variant_id)
SELECT $1, variant_id FROM changed WHERE variant_id IS NOT NULL ON CONFLICT DO NOTHING`;

export async function repairLevels(
  tx: Tx,
  shopId: number,
  timezone: string,
  observed: LevelObservation[],
): Promise<Correction[]> {
  if (observed.length === 0) return [];
  await tx.query(TRACKING, [shopId, observed.map((l) => l.itemId), observed.map((l) => l.tracked)]);
  const levels = observed.filter((l) => l.tracked);
  if (levels.length === 0) return [];
  const { rows } = await tx.query<{
    item: string;
    location: string;
    was: number | null;
    now: number;
    at: Date;
    variant_id: string | null;
  }>(APPLY, [
    shopId,
    levels.map((l) => l.itemId),
    levels.map((l) => l.locationId),
    levels.map((l) => l.available),
    levels.map((l) => l.updatedAt),
  ]);
  const known = rows.filter((r) => r.variant_id !== null);
  if (known.length > 0) {
    await tx.query(HISTORY, [
      shopId,
      known.map((r) => r.variant_id),
      known.map((r) => r.location),
      known.map((r) => r.now),
      known.map((r) => r.at),
      timezone,
    ]);
  }
  return rows.map((r) => ({
    item: r.item,
    location: r.location,
    was: r.was,
    now: r.now,
    at: r.at.toISOString(),
  }));
}

// Shopify's incoming quantity per level (webhooks for levels do not carry it): changed ones are
// written and their variants marked dirty, so projections net the stock on its way.
const INCOMING = `
WITH x AS (
  SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::int[]) AS x(item, location, incoming)
), changed AS (
  UPDATE inventory_levels l SET incoming = x.incoming
  FROM x WHERE l.shop_id = $1 AND l.inventory_item_id = x.item AND l.location_id = x.location
    AND l.incoming <> x.incoming
  RETURNING l.inventory_item_id
), dirty AS (
  INSERT INTO forecast_dirty (shop_id, variant_id)
  SELECT DISTINCT $1, v.id FROM changed c
  JOIN variants v ON v.shop_id = $1 AND v.inventory_item_id = c.inventory_item_id AND v.deleted_at IS NULL
  ON CONFLICT DO NOTHING
)
SELECT count(*)::int AS n FROM changed`;

export async function repairIncoming(
  tx: Tx,
  shopId: number,
  observed: LevelObservation[],
): Promise<number> {
  const levels = observed.filter((l) => l.tracked);
  if (levels.length === 0) return 0;
  const { rows } = await tx.query<{ n: number }>(INCOMING, [
    shopId,
    levels.map((l) => l.itemId),
    levels.map((l) => l.locationId),
    levels.map((l) => l.incoming),
  ]);
  return rows[0]?.n ?? 0;
}
