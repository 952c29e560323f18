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
      inventory_quantity: 0,
      created_at: o.createdAt ?? "2026-01-01T00:00:00Z",
      updated_at: o.updatedAt ?? new Date().toISOString(),
    })),
  };
}

// Products webhooks say nothing of tracking since API 2024-07; the inventory item's own do.
export function inventoryItemPayload(
  id: number,
  o: { tracked: boolean; updatedAt: string; cost?: string | null },
) {
  return {
    id,
    sku: `SKU-${id}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: o.updatedAt,
    requires_shipping: true,
    cost: o.cost ?? null,
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    tracked: o.tracked,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: `gid://shopify/InventoryItem/${id}`,
  };
}

// The REST Location that locations/create|update carry.
export function locationPayload(id: number, name: string, updatedAt: string, active = true) {
  return {
    id,
    name,
    address1: null,
    address2: null,
    city: "Ottawa",
    zip: null,
    province: null,
    country: "CA",
    phone: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: updatedAt,
    country_code: "CA",
    country_name: "Canada",
    province_code: null,
    legacy: false,
    active,
    admin_graphql_api_id: `gid://shopify/Location/${id}`,
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
