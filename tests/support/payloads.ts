// Webhook bodies in Shopify's REST shapes, with the personal data real ones carry (so tests can
// prove intake drops it).
let seq = 1_000_000;
export const nextId = () => ++seq;

export const CUSTOMER = {
  id: 7001,
  email: "jane.doe.customer@example.com",
  first_name: "Jane",
  last_name: "Doe",
  phone: "+15555550123",
  default_address: { address1: "12 Privacy Lane", city: "Ottawa", zip: "K1A 0B1" },
};

export type CatalogVariant = {
  id: number;
  inventoryItemId: number;
  sku: string | null;
  price: string;
};

export function productPayload(
  id: number,
  variants: CatalogVariant[],
  o: {
    title?: string;
    vendor?: string;
    updatedAt?: string;
    createdAt?: string;
    tracked?: boolean;
  } = {},
) {
  return {
    id,
    title: o.title ?? `Product ${id}`,
    handle: `product-${id}`,
    vendor: o.vendor ?? "Acme",
    product_type: "Shirts",
    status: "active",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: o.updatedAt ?? new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    variants: variants.map((v, i) => ({
      id: v.id,
      product_id: id,
      title: `Variant ${i + 1}`,
      sku: v.sku,
      price: v.price,
      inventory_item_id: v.inventoryItemId,
      inventory_management: o.tracked === false ? null : "shopify",
      inventory_quantity: 0,
      created_at: o.createdAt ?? "2026-01-01T00:00:00Z",
      updated_at: o.updatedAt ?? new Date().toISOString(),
    })),
  };
}

export function levelPayload(
  inventoryItemId: number,
  locationId: number,
  available: number | null,
  updatedAt: string,
) {
  return {
    inventory_item_id: inventoryItemId,
    location_id: locationId,
    available,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${inventoryItemId}?inventory_item_id=${inventoryItemId}`,
  };
}

export function orderPayload(
  id: number,
  lines: Array<{ id: number; variantId: number; quantity: number; price?: string }>,
  o: { createdAt?: string; cancelledAt?: string | null } = {},
) {
  return {
    id,
    name: `#${id}`,
    email: CUSTOMER.email,
    phone: CUSTOMER.phone,
    created_at: o.createdAt ?? new Date().toISOString(),
    cancelled_at: o.cancelledAt ?? null,
    cancel_reason: o.cancelledAt ? "customer" : null,
    customer: CUSTOMER,
    billing_address: { ...CUSTOMER.default_address, name: "Jane Doe" },
    shipping_address: { ...CUSTOMER.default_address, name: "Jane Doe" },
    note: "Leave at the door, Jane",
    location_id: null,
    line_items: lines.map((l) => ({
      id: l.id,
      variant_id: l.variantId,
      product_id: 1,
      quantity: l.quantity,
      price: l.price ?? "25.00",
      sku: "SKU",
      title: "Tee",
    })),
  };
}

export function refundPayload(
  id: number,
  orderId: number,
  lines: Array<{ id: number; lineItemId: number; quantity: number }>,
) {
  return {
    id,
    order_id: orderId,
    created_at: new Date().toISOString(),
    note: "Refund for Jane",
    refund_line_items: lines.map((l) => ({
      id: l.id,
      line_item_id: l.lineItemId,
      quantity: l.quantity,
      restock_type: "return",
    })),
  };
}
