// The inventory-at-risk page: one page of rows (sorted, filtered and counted in SQL) and the
// choices its filters offer.
import type { Queryable } from "../../infra/db.ts";
import { atRiskRows, type AtRiskRow } from "./at-risk.server.ts";
import type { ShopContext } from "./shop.server.ts";
import type { InventoryQuery } from "./inventory-query.ts";

export type Facets = {
  locations: { id: string; name: string }[];
  vendors: string[];
  productTypes: string[];
};

export type InventoryPage = { rows: AtRiskRow[]; total: number; facets: Facets };

export async function loadInventoryPage(
  db: Queryable,
  shop: Pick<ShopContext, "id" | "today" | "settings">,
  q: InventoryQuery,
): Promise<InventoryPage> {
  const [page, facets] = await Promise.all([
    atRiskRows(db, shop, q, q, q.pageSize, (q.page - 1) * q.pageSize, true),
    loadFacets(db, shop.id),
  ]);
  return { ...page, facets };
}

export async function loadFacets(db: Queryable, shopId: number): Promise<Facets> {
  const [locations, vendors, types] = await Promise.all([
    db.query<{ id: string; name: string }>(
      `SELECT id, name FROM locations WHERE shop_id = $1 AND active ORDER BY name, id`,
      [shopId],
    ),
    db.query<{ v: string }>(
      `SELECT vendor AS v FROM products WHERE shop_id = $1 AND vendor IS NOT NULL AND vendor <> ''
       AND deleted_at IS NULL GROUP BY vendor ORDER BY vendor LIMIT 500`,
      [shopId],
    ),
    db.query<{ v: string }>(
      `SELECT product_type AS v FROM products WHERE shop_id = $1 AND product_type IS NOT NULL
       AND product_type <> '' AND deleted_at IS NULL GROUP BY product_type ORDER BY product_type LIMIT 500`,
      [shopId],
    ),
  ]);
  return {
    locations: locations.rows,
    vendors: vendors.rows.map((r) => r.v),
    productTypes: types.rows.map((r) => r.v),
  };
}

// "Select all N" in the table: the ids of every row of the current view (capped).
export async function viewVariantIds(
  db: Queryable,
  shop: Pick<ShopContext, "id" | "today" | "settings">,
  q: InventoryQuery,
  cap = 100_000,
): Promise<string[]> {
  const { rows } = await atRiskRows(db, shop, q, q, cap, 0);
  return rows.map((r) => r.variantId);
}
