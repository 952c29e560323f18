// Webhook bodies in Shopify's REST shapes (snake_case, legacy ids as JSON numbers beside their
// admin_graphql_api_id, timestamps in the shop's zone), as in Shopify's published samples for the
// API version we serve. Orders carry a customer with email and addresses, as real ones do: our
// intake must drop them. Product variants carry no inventory_management (nor fulfillment_service,
// grams, weight): since 2024-07 tracking is told by inventory_items/* only.
import { Rng } from "./random.ts";
import { CITIES, FIRST_NAMES, LAST_NAMES, STREETS } from "./names.ts";
import { gid, levelGid } from "./gid.ts";
import { shopTimestamp } from "./time.ts";
import type { BulkOperationView } from "./bulk.ts";
import type { StoreEvent, ShopStore } from "./store.ts";
import type {
  InventoryItem,
  InventoryLevel,
  LineItem,
  Location,
  Order,
  Product,
  Refund,
} from "./model.ts";

type Json = Record<string, unknown>;

function moneySet(amount: string, currency: string) {
  const m = { amount, currency_code: currency };
  return { shop_money: m, presentment_money: m };
}

function fakeCustomer(customerId: number, store: ShopStore) {
  const r = new Rng(`customer-${customerId}`);
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const [city, province, zip] = r.pick(CITIES);
  const address = {
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    address1: `${r.int(1, 999)} ${r.pick(STREETS)}`,
    address2: null,
    city,
    province,
    province_code: province,
    zip,
    country: "United States",
    country_code: "US",
    phone: `+1555${String(r.int(0, 9_999_999)).padStart(7, "0")}`,
    company: null,
    latitude: null,
    longitude: null,
  };
  const email = `${first}.${last}.${customerId % 10_000}@example.com`.toLowerCase();
  return {
    address,
    email,
    phone: address.phone,
    customer: {
      id: customerId,
      email,
      first_name: first,
      last_name: last,
      phone: address.phone,
      state: "enabled",
      currency: store.shop.currency,
      verified_email: true,
      tags: "",
      note: null,
      created_at: shopTimestamp(store.shop.timezone, store.shop.createdAt),
      updated_at: shopTimestamp(store.shop.timezone, store.shop.createdAt),
      admin_graphql_api_id: gid("Customer", customerId),
      default_address: { id: customerId + 11, customer_id: customerId, default: true, ...address },
    },
  };
}

function lineItemJson(store: ShopStore, order: Order, l: LineItem): Json {
  const c = store.shop.currency;
  const refunded = order.refunds.reduce(
    (s, r) => s + r.lines.filter((x) => x.lineItemId === l.id).reduce((a, x) => a + x.quantity, 0),
    0,
  );
  const tracked =
    l.variantId !== null &&
    store.itemsById.get(store.variantsById.get(l.variantId)?.inventoryItemId ?? -1)?.tracked;
  return {
    id: l.id,
    admin_graphql_api_id: gid("LineItem", l.id),
    current_quantity: Math.max(0, l.quantity - refunded),
    fulfillable_quantity: order.cancelledAt === null ? Math.max(0, l.quantity - refunded) : 0,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: false,
    grams: 450,
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    price: l.price,
    price_set: moneySet(l.price, c),
    product_exists: l.productId !== null && store.productsById.has(l.productId),
    product_id: l.productId,
    properties: [],
    quantity: l.quantity,
    requires_shipping: true,
    sku: l.sku ?? "",
    taxable: true,
    title: l.title,
    total_discount: "0.00",
    total_discount_set: moneySet("0.00", c),
    variant_id: l.variantId,
    variant_inventory_management: tracked ? "shopify" : null,
    variant_title: l.variantTitle,
    vendor: l.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

function refundJson(store: ShopStore, order: Order, r: Refund): Json {
  const tz = store.shop.timezone;
  const c = store.shop.currency;
  const lines = r.lines.map((rl) => {
    const li = order.lineItems.find((l) => l.id === rl.lineItemId)!;
    const subtotal = (Number(li.price) * rl.quantity).toFixed(2);
    return {
      id: rl.id,
      line_item_id: rl.lineItemId,
      location_id: rl.locationId,
      quantity: rl.quantity,
      restock_type: rl.restockType.toLowerCase(),
      subtotal: Number(subtotal),
      subtotal_set: moneySet(subtotal, c),
      total_tax: 0,
      total_tax_set: moneySet("0.00", c),
      line_item: lineItemJson(store, order, li),
    };
  });
  const amount = lines.reduce((s, l) => s + l.subtotal, 0).toFixed(2);
  return {
    id: r.id,
    admin_graphql_api_id: gid("Refund", r.id),
    order_id: order.id,
    created_at: shopTimestamp(tz, r.createdAt),
    processed_at: shopTimestamp(tz, r.createdAt),
    note: r.note,
    restock: r.lines.some((l) => l.restockType !== "NO_RESTOCK"),
    user_id: null,
    total_duties_set: moneySet("0.00", c),
    duties: [],
    return: null,
    refund_line_items: lines,
    transactions: [
      {
        id: r.id + 7,
        admin_graphql_api_id: gid("OrderTransaction", r.id + 7),
        amount,
        currency: c,
        kind: "refund",
        status: "success",
        gateway: "shopify_payments",
        order_id: order.id,
        created_at: shopTimestamp(tz, r.createdAt),
        processed_at: shopTimestamp(tz, r.createdAt),
        test: false,
      },
    ],
    order_adjustments: [],
  };
}

export function orderJson(store: ShopStore, order: Order): Json {
  const tz = store.shop.timezone;
  const c = store.shop.currency;
  const total = order.lineItems.reduce((s, l) => s + Number(l.price) * l.quantity, 0).toFixed(2);
  const refundedUnits = order.refunds.reduce(
    (s, r) => s + r.lines.reduce((a, l) => a + l.quantity, 0),
    0,
  );
  const units = order.lineItems.reduce((s, l) => s + l.quantity, 0);
  const { customer, email, phone, address } = fakeCustomer(order.customerId, store);
  const financial =
    order.refunds.length === 0
      ? "paid"
      : refundedUnits >= units
        ? "refunded"
        : "partially_refunded";
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: order.sourceName === "pos" ? 129785 : 580111,
    browser_ip: order.sourceName === "web" ? `203.0.113.${order.id % 250}` : null,
    buyer_accepts_marketing: order.customerId % 3 === 0,
    cancel_reason: order.cancelReason?.toLowerCase() ?? null,
    cancelled_at: order.cancelledAt === null ? null : shopTimestamp(tz, order.cancelledAt),
    checkout_id: order.id + 3,
    closed_at: null,
    confirmation_number: order.id.toString(36).toUpperCase().slice(-9),
    confirmed: true,
    contact_email: email,
    created_at: shopTimestamp(tz, order.createdAt),
    currency: c,
    current_subtotal_price: total,
    current_total_price: total,
    customer_locale: "en",
    email,
    estimated_taxes: false,
    financial_status: order.cancelledAt === null ? financial : "refunded",
    fulfillment_status: null,
    location_id: order.retailLocationId,
    name: `#${order.number}`,
    note:
      order.customerId % 11 === 0 ? `Please leave at the back door, ${customer.first_name}` : null,
    number: order.number - 1000,
    order_number: order.number,
    phone,
    presentment_currency: c,
    processed_at: shopTimestamp(tz, order.createdAt),
    source_name: order.sourceName,
    subtotal_price: total,
    subtotal_price_set: moneySet(total, c),
    tags: "",
    taxes_included: false,
    test: false,
    total_discounts: "0.00",
    total_line_items_price: total,
    total_price: total,
    total_price_set: moneySet(total, c),
    total_tax: "0.00",
    total_weight: 0,
    updated_at: shopTimestamp(tz, order.updatedAt),
    user_id: null,
    billing_address: address,
    shipping_address: order.sourceName === "web" ? address : null,
    customer,
    discount_codes: [],
    fulfillments: [],
    line_items: order.lineItems.map((l) => lineItemJson(store, order, l)),
    payment_gateway_names: ["shopify_payments"],
    refunds: order.refunds.map((r) => refundJson(store, order, r)),
    shipping_lines: [],
    tax_lines: [],
  };
}

function levelJson(store: ShopStore, l: InventoryLevel): Json {
  return {
    inventory_item_id: l.inventoryItemId,
    location_id: l.locationId,
    available: store.itemsById.get(l.inventoryItemId)?.tracked ? l.available : null,
    updated_at: shopTimestamp(store.shop.timezone, l.updatedAt),
    admin_graphql_api_id: levelGid(l.id, l.inventoryItemId),
  };
}

export function productJson(store: ShopStore, p: Product): Json {
  const tz = store.shop.timezone;
  const variants = store.variantsByProduct.get(p.id) ?? [];
  return {
    admin_graphql_api_id: gid("Product", p.id),
    body_html: `<p>${p.title} by ${p.vendor}.</p>`,
    created_at: shopTimestamp(tz, p.createdAt),
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: p.status === "ACTIVE" ? shopTimestamp(tz, p.createdAt) : null,
    template_suffix: null,
    title: p.title,
    updated_at: shopTimestamp(tz, p.updatedAt),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: "global",
    tags: p.tags.join(", "),
    variants: variants.map((v) => {
      const tracked = store.itemsById.get(v.inventoryItemId)?.tracked ?? false;
      const qty = (store.levelsByItem.get(v.inventoryItemId) ?? []).reduce(
        (s, l) => s + l.available,
        0,
      );
      return {
        admin_graphql_api_id: gid("ProductVariant", v.id),
        barcode: v.barcode,
        compare_at_price: v.compareAtPrice,
        created_at: shopTimestamp(tz, v.createdAt),
        id: v.id,
        inventory_policy: "deny",
        position: v.position,
        price: v.price,
        product_id: p.id,
        sku: v.sku ?? "",
        taxable: true,
        title: v.title,
        updated_at: shopTimestamp(tz, v.updatedAt),
        option1: v.option1,
        option2: null,
        option3: null,
        image_id: null,
        inventory_item_id: v.inventoryItemId,
        inventory_quantity: tracked ? qty : 0,
        old_inventory_quantity: tracked ? qty : 0,
      };
    }),
    options: [
      {
        id: p.id + 1,
        product_id: p.id,
        name: "Title",
        position: 1,
        values: variants.map((v) => v.title),
      },
    ],
    images: [],
    image: null,
  };
}

function inventoryItemJson(store: ShopStore, i: InventoryItem): Json {
  const tz = store.shop.timezone;
  const variant = store.variantsById.get(i.variantId);
  return {
    id: i.id,
    sku: variant?.sku ?? "",
    created_at: shopTimestamp(tz, i.createdAt),
    updated_at: shopTimestamp(tz, i.updatedAt),
    requires_shipping: true,
    cost: i.unitCost,
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    tracked: i.tracked,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: gid("InventoryItem", i.id),
  };
}

function locationJson(store: ShopStore, l: Location): Json {
  const tz = store.shop.timezone;
  return {
    id: l.id,
    name: l.name,
    address1: null,
    address2: null,
    city: l.city,
    zip: null,
    province: null,
    country: "US",
    phone: null,
    created_at: shopTimestamp(tz, l.createdAt),
    updated_at: shopTimestamp(tz, l.updatedAt),
    country_code: "US",
    country_name: "United States",
    province_code: null,
    legacy: false,
    active: l.isActive,
    admin_graphql_api_id: gid("Location", l.id),
  };
}

function shopJson(store: ShopStore): Json {
  const s = store.shop;
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    domain: s.domain,
    myshopify_domain: s.domain,
    province: "Ohio",
    country: "US",
    address1: "1 Trailhead Way",
    zip: "43004",
    city: "Columbus",
    phone: "",
    primary_locale: "en",
    created_at: shopTimestamp(s.timezone, s.createdAt),
    updated_at: shopTimestamp(s.timezone, s.createdAt),
    country_code: "US",
    country_name: "United States",
    currency: s.currency,
    customer_email: s.email,
    iana_timezone: s.timezone,
    shop_owner: "Demo Owner",
    money_format: "${{amount}}",
    plan_name: "basic",
    plan_display_name: "Basic",
    weight_unit: "kg",
  };
}

/** The body of the webhook for a store event. */
export function payloadFor(store: ShopStore, event: StoreEvent): Json {
  switch (event.topic) {
    case "orders/create":
    case "orders/cancelled":
      return orderJson(store, event.order);
    case "refunds/create":
      return refundJson(store, event.order, event.refund);
    case "inventory_levels/update":
      return levelJson(store, event.level);
    case "products/update":
      return productJson(store, event.product);
    case "products/delete":
      return { id: event.productId };
    case "inventory_items/update":
      return inventoryItemJson(store, event.item);
    case "locations/update":
      return locationJson(store, event.location);
    case "app/scopes_update":
      return {
        id: store.shop.id,
        previous: event.previous,
        current: event.current,
        updated_at: new Date(event.at).toISOString(),
      };
    case "app/uninstalled":
      return shopJson(store);
    case "shop/redact":
      return { shop_id: store.shop.id, shop_domain: store.domain };
    case "inventory_transfers/ready_to_ship":
    case "inventory_transfers/complete":
    case "inventory_shipments/create":
    case "inventory_shipments/mark_in_transit":
    case "inventory_shipments/update_tracking":
    case "inventory_shipments/receive_items":
      return inboundJson(event);
    case "customers/data_request":
    case "customers/redact": {
      const { customer } = fakeCustomer(event.customerId, store);
      const who = { id: customer.id, email: customer.email, phone: customer.phone };
      return event.topic === "customers/redact"
        ? {
            shop_id: store.shop.id,
            shop_domain: store.domain,
            customer: who,
            orders_to_redact: event.orderIds,
          }
        : {
            shop_id: store.shop.id,
            shop_domain: store.domain,
            orders_requested: event.orderIds,
            customer: who,
            data_request: { id: event.customerId % 100_000 },
          };
    }
    default: {
      const never: never = event;
      throw new Error(`no payload for ${(never as StoreEvent).topic}`);
    }
  }
}

// The documented fields of the transfer and shipment topics (happened_at, id as a GID, status,
// line items; shipments name their transfer since 2026-10).
function inboundJson(e: Extract<StoreEvent, { transfer: unknown }>): Json {
  const happened_at = new Date(e.at).toISOString();
  if (e.topic.startsWith("inventory_transfers/") || !e.shipment) {
    return {
      id: gid("InventoryTransfer", e.transfer.id),
      status: e.transfer.status,
      happened_at,
      ...(e.topic === "inventory_transfers/ready_to_ship"
        ? {
            line_items: e.transfer.lines.map((l) => ({
              id: gid("InventoryTransferLineItem", l.id),
              inventory_item_id: gid("InventoryItem", l.inventoryItemId),
              quantity: l.quantity,
            })),
          }
        : {}),
    };
  }
  const s = e.shipment;
  if (e.topic === "inventory_shipments/update_tracking")
    return {
      shipment_id: gid("InventoryShipment", s.id),
      inventory_transfer_id: gid("InventoryTransfer", e.transfer.id),
      happened_at,
      updated_tracking: {
        tracking_number: s.trackingNumber,
        company: s.company,
        arrives_at: s.arrivesAt === null ? null : new Date(s.arrivesAt).toISOString(),
      },
    };
  const lines = s.lines.map((l) => ({
    id: gid("InventoryShipmentLineItem", l.id),
    inventory_item_id: gid("InventoryItem", l.inventoryItemId),
    quantity: l.quantity,
  }));
  return {
    id: gid("InventoryShipment", s.id),
    inventory_transfer_id: gid("InventoryTransfer", e.transfer.id),
    status: s.status,
    happened_at,
    ...(e.topic === "inventory_shipments/create"
      ? {
          line_items: lines,
          tracking: {
            tracking_number: s.trackingNumber,
            company: s.company,
            arrives_at: s.arrivesAt === null ? null : new Date(s.arrivesAt).toISOString(),
          },
        }
      : {}),
    ...(e.topic === "inventory_shipments/receive_items" ? { items_received: lines } : {}),
  };
}

export function bulkFinishPayload(op: BulkOperationView): Json {
  return {
    admin_graphql_api_id: gid("BulkOperation", op.id),
    completed_at: op.completedAt === null ? null : new Date(op.completedAt).toISOString(),
    created_at: new Date(op.createdAt).toISOString(),
    error_code: op.errorCode?.toLowerCase() ?? null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}
