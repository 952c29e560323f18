// Shopify global ids: gid://shopify/ProductVariant/123 (inventory levels carry the item as a
// query parameter: gid://shopify/InventoryLevel/456?inventory_item_id=789).

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function levelGid(levelId: number, inventoryItemId: number): string {
  return `gid://shopify/InventoryLevel/${levelId}?inventory_item_id=${inventoryItemId}`;
}

export type ParsedGid = { type: string; id: number; params: URLSearchParams };

export function parseGid(value: string): ParsedGid | null {
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!m) return null;
  return { type: m[1]!, id: Number(m[2]), params: new URLSearchParams(m[3] ?? "") };
}

/** The numeric id of a GID of the expected type, or null. */
export function idOf(value: string | null | undefined, type: string): number | null {
  if (!value) return null;
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}
