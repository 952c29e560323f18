// locations/create|update|delete keep the shop's locations current between backfills: names for
// alerts and the dashboard, and whether a location is active. A deleted location's stock levels
// are gone with it at Shopify; the variants that held stock there have a new total, so they are
// marked dirty (their forecast re-reads the levels).
import type { LocationEvent } from "../../domain/events.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyLocation(
  { tx, shop }: ApplyContext,
  loc: LocationEvent,
): Promise<ApplyResult> {
  await tx.query(
    `INSERT INTO locations AS l (shop_id, id, name, active, updated_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()))
     ON CONFLICT (shop_id, id) DO UPDATE
       SET name = EXCLUDED.name, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
       WHERE l.updated_at <= EXCLUDED.updated_at`,
    [shop.id, loc.id, loc.name, loc.active, loc.updated_at ?? null],
  );
  return { dirtyVariants: [] };
}

export async function applyLocationDelete(
  { tx, shop }: ApplyContext,
  loc: { id: string },
): Promise<ApplyResult> {
  const { rows } = await tx.query<{ variant_id: string }>(
    `WITH gone AS (
       DELETE FROM inventory_levels WHERE shop_id = $1 AND location_id = $2 RETURNING inventory_item_id
     )
     SELECT DISTINCT v.id AS variant_id FROM gone
     JOIN variants v ON v.shop_id = $1 AND v.inventory_item_id = gone.inventory_item_id AND v.deleted_at IS NULL`,
    [shop.id, loc.id],
  );
  await tx.query(
    `UPDATE locations SET active = false, updated_at = now() WHERE shop_id = $1 AND id = $2`,
    [shop.id, loc.id],
  );
  return { dirtyVariants: rows.map((r) => r.variant_id) };
}
