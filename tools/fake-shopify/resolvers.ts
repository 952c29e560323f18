// Resolvers from the store's records to the Admin API types in sdl.ts.
import {
  GraphQLError,
  buildSchema,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import { SDL } from "./sdl.ts";
import { paginate, type PageArgs } from "./connection.ts";
import { gid, idOf, levelGid, parseGid } from "./gid.ts";
import { searchFilter, type SearchSpec } from "./search-query.ts";
import { DAY_MS, isoUtc } from "./time.ts";
import type { GraphqlContext } from "./context.ts";
import type { BulkOperationView } from "./bulk.ts";
import type {
  InventoryShipment,
  InventoryTransfer,
  ShipmentLine,
  TransferLine,
} from "./inbound.ts";
import type {
  InventoryItem,
  InventoryLevel,
  LineItem,
  Location,
  Order,
  Product,
  Refund,
  RefundLine,
  ShopInfo,
  Variant,
} from "./model.ts";

// Without read_all_orders, Shopify only shows orders from the last 60 days.
const RECENT_ORDERS_MS = 60 * DAY_MS;
const QUANTITY_NAMES = new Set([
  "available",
  "committed",
  "damaged",
  "incoming",
  "on_hand",
  "quality_control",
  "reserved",
  "safety_stock",
]);

type Args = Record<string, unknown>;
type R<S> = (source: S, args: Args, ctx: GraphqlContext) => unknown;
type Ctx = GraphqlContext;

function requireScope(ctx: Ctx, scope: string, field: string) {
  if (ctx.store.hasScope(scope)) return;
  throw new GraphQLError(
    `Access denied for ${field} field. Required access: \`${scope}\` access scope.`,
    {
      extensions: {
        code: "ACCESS_DENIED",
        documentation: "https://shopify.dev/api/usage/access-scopes",
        requiredAccess: `\`${scope}\` access scope.`,
      },
    },
  );
}

function orderVisible(ctx: Ctx, o: Order): boolean {
  return ctx.store.hasScope("read_all_orders") || o.createdAt >= ctx.now - RECENT_ORDERS_MS;
}

function money(amount: number | string, currency: string) {
  const a = typeof amount === "number" ? amount.toFixed(2) : amount;
  const m = { amount: a, currencyCode: currency };
  return { shopMoney: m, presentmentMoney: m };
}

function count(n: number, limit: unknown) {
  const l = typeof limit === "number" ? limit : null;
  return l !== null && n > l
    ? { count: l, precision: "AT_LEAST" }
    : { count: n, precision: "EXACT" };
}

function connect<T extends { id: number }>(ctx: Ctx, items: readonly T[], args: Args) {
  return paginate(items, args as PageArgs, { key: (i) => i.id, bulk: ctx.isBulk });
}

/** A top-level connection: in a bulk operation, only the current window of it. */
function connectRoot<T extends { id: number }>(ctx: Ctx, items: readonly T[], args: Args) {
  const w = ctx.bulkWindow;
  if (!ctx.isBulk || !w) return connect(ctx, items, args);
  const ordered = args.reverse ? [...items].reverse() : items;
  if (ordered.length > w.offset + w.size) w.more = true;
  return connect(ctx, ordered.slice(w.offset, w.offset + w.size), { ...args, reverse: false });
}

function filtered<T>(ctx: Ctx, items: readonly T[], query: unknown, spec: SearchSpec<T>): T[] {
  let test: ((item: T) => boolean) | null;
  try {
    test = searchFilter(query as string | null, spec, ctx.store.shop.timezone);
  } catch (e) {
    throw new GraphQLError(`Invalid search query: ${(e as Error).message}`, {
      extensions: { code: "BAD_REQUEST" },
    });
  }
  return test ? items.filter(test) : [...items];
}

function sortBy<T>(items: T[], key: (t: T) => number | string): T[] {
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

const productSearch: SearchSpec<Product> = {
  fields: {
    id: { kind: "number", get: (p) => p.id },
    created_at: { kind: "date", get: (p) => p.createdAt },
    updated_at: { kind: "date", get: (p) => p.updatedAt },
    status: { kind: "string", get: (p) => p.status.toLowerCase() },
    vendor: { kind: "string", get: (p) => p.vendor },
    product_type: { kind: "string", get: (p) => p.productType },
    title: { kind: "text", get: (p) => p.title },
    handle: { kind: "string", get: (p) => p.handle },
  },
  text: (p) => p.title,
};

function variantSearch(ctx: Ctx): SearchSpec<Variant> {
  return {
    fields: {
      id: { kind: "number", get: (v) => v.id },
      product_id: { kind: "number", get: (v) => v.productId },
      sku: { kind: "string", get: (v) => v.sku },
      created_at: { kind: "date", get: (v) => v.createdAt },
      updated_at: { kind: "date", get: (v) => v.updatedAt },
      product_status: {
        kind: "string",
        get: (v) => ctx.store.productsById.get(v.productId)?.status.toLowerCase() ?? null,
      },
    },
    text: (v) => `${v.title} ${v.sku ?? ""}`,
  };
}

const orderSearch: SearchSpec<Order> = {
  fields: {
    id: { kind: "number", get: (o) => o.id },
    name: { kind: "string", get: (o) => `#${o.number}` },
    created_at: { kind: "date", get: (o) => o.createdAt },
    processed_at: { kind: "date", get: (o) => o.createdAt },
    updated_at: { kind: "date", get: (o) => o.updatedAt },
    status: { kind: "string", get: (o) => (o.cancelledAt === null ? "open" : "cancelled") },
    source_name: { kind: "string", get: (o) => o.sourceName },
  },
  text: (o) => `#${o.number}`,
};

const levelSearch: SearchSpec<InventoryLevel> = {
  fields: {
    updated_at: { kind: "date", get: (l) => l.updatedAt },
    created_at: { kind: "date", get: (l) => l.createdAt },
    inventory_item_id: { kind: "number", get: (l) => l.inventoryItemId },
    location_id: { kind: "number", get: (l) => l.locationId },
  },
};

const itemSearch = (ctx: Ctx): SearchSpec<InventoryItem> => ({
  fields: {
    id: { kind: "number", get: (i) => i.id },
    sku: { kind: "string", get: (i) => ctx.store.variantsById.get(i.variantId)?.sku ?? null },
    created_at: { kind: "date", get: (i) => i.createdAt },
    updated_at: { kind: "date", get: (i) => i.updatedAt },
  },
});

function visibleOrders(ctx: Ctx): Order[] {
  const all = ctx.store.data.orders;
  if (ctx.store.hasScope("read_all_orders")) return all;
  const from = ctx.now - RECENT_ORDERS_MS;
  // Orders are kept in creation order, so the window is a suffix.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.createdAt < from) lo = mid + 1;
    else hi = mid;
  }
  return all.slice(lo);
}

function sortOrders(orders: Order[], sortKey: unknown): Order[] {
  if (sortKey === "UPDATED_AT") return sortBy([...orders], (o) => o.updatedAt * 1e3 + (o.id % 1e3));
  return orders; // ID, CREATED_AT and PROCESSED_AT share the creation order
}

function sortProducts(products: Product[], sortKey: unknown): Product[] {
  switch (sortKey) {
    case "TITLE":
      return sortBy(products, (p) => p.title);
    case "VENDOR":
      return sortBy(products, (p) => `${p.vendor}\u0000${p.id}`);
    case "PRODUCT_TYPE":
      return sortBy(products, (p) => `${p.productType}\u0000${p.id}`);
    case "UPDATED_AT":
      return sortBy(products, (p) => p.updatedAt);
    case "CREATED_AT":
      return sortBy(products, (p) => p.createdAt);
    default:
      return products;
  }
}

/** Looks a GID up and tags the record with its GraphQL type for the Node interface. */
function lookupNode(ctx: Ctx, id: string): unknown {
  const p = parseGid(id);
  if (!p) return null;
  const s = ctx.store;
  const tag = <T extends object>(type: string, rec: T | undefined | null) =>
    rec ? { ...rec, __typename: type } : null;
  switch (p.type) {
    case "Shop":
      return p.id === s.shop.id ? tag("Shop", s.shop) : null;
    case "Location":
      requireScope(ctx, "read_locations", "location");
      return tag("Location", s.locationsById.get(p.id));
    case "Product":
      requireScope(ctx, "read_products", "product");
      return tag("Product", s.productsById.get(p.id));
    case "ProductVariant":
      requireScope(ctx, "read_products", "productVariant");
      return tag("ProductVariant", s.variantsById.get(p.id));
    case "InventoryItem":
      requireScope(ctx, "read_inventory", "inventoryItem");
      return tag("InventoryItem", s.itemsById.get(p.id));
    case "InventoryLevel": {
      requireScope(ctx, "read_inventory", "inventoryLevel");
      const level = s.levelsById.get(p.id);
      const item = Number(p.params.get("inventory_item_id"));
      return tag("InventoryLevel", level && level.inventoryItemId === item ? level : null);
    }
    case "Order": {
      requireScope(ctx, "read_orders", "order");
      const o = s.ordersById.get(p.id);
      return tag("Order", o && orderVisible(ctx, o) ? o : null);
    }
    case "LineItem": {
      requireScope(ctx, "read_orders", "lineItem");
      const found = s.lineItemsById.get(p.id);
      return tag("LineItem", found && orderVisible(ctx, found.order) ? found.line : null);
    }
    case "Refund": {
      requireScope(ctx, "read_orders", "refund");
      const r = s.refundsById.get(p.id);
      const o = r && s.ordersById.get(r.orderId);
      return tag("Refund", o && orderVisible(ctx, o) ? r : null);
    }
    case "BulkOperation":
      return tag("BulkOperation", ctx.bulk.get(s.domain, p.id));
    default:
      return null;
  }
}

function levelsOfLocation(ctx: Ctx, locationId: number): InventoryLevel[] {
  return ctx.store.data.inventoryLevels.filter((l) => l.locationId === locationId);
}

function refundedQuantity(ctx: Ctx, line: LineItem): number {
  const order = ctx.store.lineItemsById.get(line.id)?.order;
  if (!order) return 0;
  let n = 0;
  for (const r of order.refunds)
    for (const rl of r.lines) if (rl.lineItemId === line.id) n += rl.quantity;
  return n;
}

const queryRoot: Record<string, R<unknown>> = {
  shop: (_s, _a, ctx) => ctx.store.shop,
  node: (_s, a, ctx) => lookupNode(ctx, a.id as string),
  nodes: (_s, a, ctx) => (a.ids as string[]).map((id) => lookupNode(ctx, id)),
  location: (_s, a, ctx) => {
    requireScope(ctx, "read_locations", "location");
    if (!a.id) return ctx.store.data.locations.find((l) => l.fulfillsOnlineOrders) ?? null;
    return ctx.store.locationsById.get(idOf(a.id as string, "Location") ?? -1) ?? null;
  },
  locations: (_s, a, ctx) => {
    requireScope(ctx, "read_locations", "locations");
    let list = ctx.store.data.locations.filter((l) => l.isActive || a.includeInactive);
    list = filtered(ctx, list, a.query, {
      fields: { name: { kind: "text", get: (l) => l.name } },
      text: (l) => l.name,
    });
    if (a.sortKey === "NAME") list = sortBy(list, (l) => l.name);
    return connectRoot(ctx, list, a);
  },
  locationsCount: (_s, _a, ctx) => {
    requireScope(ctx, "read_locations", "locationsCount");
    return count(ctx.store.data.locations.filter((l) => l.isActive).length, null);
  },
  product: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "product");
    return ctx.store.productsById.get(idOf(a.id as string, "Product") ?? -1) ?? null;
  },
  products: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "products");
    const list = filtered(ctx, ctx.store.data.products, a.query, productSearch);
    return connectRoot(ctx, sortProducts(list, a.sortKey), a);
  },
  productsCount: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "productsCount");
    return count(filtered(ctx, ctx.store.data.products, a.query, productSearch).length, a.limit);
  },
  productVariant: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "productVariant");
    return ctx.store.variantsById.get(idOf(a.id as string, "ProductVariant") ?? -1) ?? null;
  },
  productVariants: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "productVariants");
    let list = filtered(ctx, ctx.store.data.variants, a.query, variantSearch(ctx));
    if (a.sortKey === "SKU") list = sortBy(list, (v) => `${v.sku ?? ""}\u0000${v.id}`);
    if (a.sortKey === "TITLE") list = sortBy(list, (v) => `${v.title}\u0000${v.id}`);
    return connectRoot(ctx, list, a);
  },
  productVariantsCount: (_s, a, ctx) => {
    requireScope(ctx, "read_products", "productVariantsCount");
    const n = filtered(ctx, ctx.store.data.variants, a.query, variantSearch(ctx)).length;
    return count(n, a.limit);
  },
  inventoryItem: (_s, a, ctx) => {
    requireScope(ctx, "read_inventory", "inventoryItem");
    return ctx.store.itemsById.get(idOf(a.id as string, "InventoryItem") ?? -1) ?? null;
  },
  inventoryItems: (_s, a, ctx) => {
    requireScope(ctx, "read_inventory", "inventoryItems");
    return connectRoot(
      ctx,
      filtered(ctx, ctx.store.data.inventoryItems, a.query, itemSearch(ctx)),
      a,
    );
  },
  inventoryLevel: (_s, a, ctx) => lookupNode(ctx, a.id as string),
  inventoryTransfer: (_s, a, ctx) => {
    requireScope(ctx, "read_inventory_transfers", "inventoryTransfer");
    return ctx.store.inbound.transfersById.get(idOf(a.id as string, "InventoryTransfer") ?? -1);
  },
  inventoryTransfers: (_s, a, ctx) => {
    requireScope(ctx, "read_inventory_transfers", "inventoryTransfers");
    const list = filtered(ctx, ctx.store.inbound.transfers, a.query, transferSearch);
    return connectRoot(
      ctx,
      sortBy(list, (t) => t.id),
      a,
    );
  },
  inventoryShipment: (_s, a, ctx) => {
    requireScope(ctx, "read_inventory_shipments", "inventoryShipment");
    return ctx.store.inbound.shipmentsById.get(idOf(a.id as string, "InventoryShipment") ?? -1);
  },
  order: (_s, a, ctx) => {
    requireScope(ctx, "read_orders", "order");
    const o = ctx.store.ordersById.get(idOf(a.id as string, "Order") ?? -1);
    return o && orderVisible(ctx, o) ? o : null;
  },
  orders: (_s, a, ctx) => {
    requireScope(ctx, "read_orders", "orders");
    const list = filtered(ctx, visibleOrders(ctx), a.query, orderSearch);
    return connectRoot(ctx, sortOrders(list, a.sortKey), a);
  },
  ordersCount: (_s, a, ctx) => {
    requireScope(ctx, "read_orders", "ordersCount");
    return count(filtered(ctx, visibleOrders(ctx), a.query, orderSearch).length, a.limit);
  },
  currentBulkOperation: (_s, a, ctx) =>
    a.type === "MUTATION" ? null : ctx.bulk.current(ctx.store.domain),
  bulkOperation: (_s, a, ctx) =>
    ctx.bulk.get(ctx.store.domain, idOf(a.id as string, "BulkOperation") ?? -1),
  bulkOperations: (_s, a, ctx) => {
    // Newest first by default, as Shopify lists them.
    let list = filtered(ctx, ctx.bulk.list(ctx.store.domain), a.query, bulkSearch);
    list = sortBy(list, (b) =>
      a.sortKey === "COMPLETED_AT" ? -(b.completedAt ?? Number.MAX_SAFE_INTEGER) : -b.createdAt,
    );
    return connect(ctx, list, a);
  },
  currentAppInstallation: (_s, _a, ctx) => ({
    id: gid("AppInstallation", ctx.store.shop.id),
    accessScopes: ctx.store.scopes.map((handle) => ({ handle, description: handle })),
  }),
};

const transferSearch: SearchSpec<InventoryTransfer> = {
  fields: {
    id: { kind: "number", get: (t) => t.id },
    status: { kind: "string", get: (t) => t.status.toLowerCase() },
    created_at: { kind: "date", get: (t) => t.createdAt },
    destination_id: { kind: "number", get: (t) => t.destinationLocationId },
  },
  text: (t) => t.name,
};

function snapshot(ctx: Ctx, name: string, locationId: number | null, at: number) {
  const location = locationId === null ? null : (ctx.store.locationsById.get(locationId) ?? null);
  return {
    name: location?.name ?? name,
    address: { city: location?.city ?? null, countryCode: location ? "US" : null },
    location,
    snapshottedAt: isoUtc(at),
  };
}

const iso = (t: number | null) => (t === null ? null : isoUtc(t));

const inventoryTransfer: Record<string, R<InventoryTransfer>> = {
  id: (t) => gid("InventoryTransfer", t.id),
  referenceName: (t) => `PO ${t.id}`,
  dateCreated: (t) => isoUtc(t.createdAt),
  // From a supplier, not one of the shop's locations: no live location behind the snapshot.
  origin: (t, _a, ctx) => snapshot(ctx, t.originName, null, t.createdAt),
  destination: (t, _a, ctx) => snapshot(ctx, "", t.destinationLocationId, t.createdAt),
  totalQuantity: (t) => t.lines.reduce((n, l) => n + l.quantity, 0),
  receivedQuantity: (t) =>
    t.shipments.reduce((n, s) => n + s.lines.reduce((m, l) => m + l.received, 0), 0),
  lineItems: (t, a, ctx) => connect(ctx, t.lines, a),
  shipments: (t, a, ctx) => {
    requireScope(ctx, "read_inventory_shipments", "shipments");
    return connect(ctx, t.shipments, a);
  },
};

const inventoryTransferLineItem: Record<string, R<TransferLine>> = {
  id: (l) => gid("InventoryTransferLineItem", l.id),
  title: (l, _a, ctx) =>
    ctx.store.variantsById.get(ctx.store.itemsById.get(l.inventoryItemId)?.variantId ?? -1)
      ?.title ?? null,
  inventoryItem: (l, _a, ctx) => ctx.store.itemsById.get(l.inventoryItemId) ?? null,
  totalQuantity: (l) => l.quantity,
  shippedQuantity: (l) => l.shipped,
  shippableQuantity: (l) => l.quantity - l.shipped,
};

const inventoryShipment: Record<string, R<InventoryShipment>> = {
  id: (s) => gid("InventoryShipment", s.id),
  dateCreated: (s) => isoUtc(s.createdAt),
  dateShipped: (s) => iso(s.shippedAt),
  dateReceived: (s) => iso(s.receivedAt),
  lineItemTotalQuantity: (s) => s.lines.reduce((n, l) => n + l.quantity, 0),
  totalReceivedQuantity: (s) => s.lines.reduce((n, l) => n + l.received, 0),
  tracking: (s) =>
    s.trackingNumber === null && s.arrivesAt === null
      ? null
      : {
          arrivesAt: iso(s.arrivesAt),
          company: s.company,
          trackingNumber: s.trackingNumber,
          trackingUrl: null,
        },
  lineItems: (s, a, ctx) => connect(ctx, s.lines, a),
};

const inventoryShipmentLineItem: Record<string, R<ShipmentLine>> = {
  id: (l) => gid("InventoryShipmentLineItem", l.id),
  inventoryItem: (l, _a, ctx) => ctx.store.itemsById.get(l.inventoryItemId) ?? null,
  acceptedQuantity: (l) => l.received,
  unreceivedQuantity: (l) => l.quantity - l.received,
};

const bulkSearch: SearchSpec<BulkOperationView> = {
  fields: {
    id: { kind: "number", get: (b) => b.id },
    created_at: { kind: "date", get: (b) => b.createdAt },
    status: { kind: "string", get: (b) => b.status.toLowerCase() },
    operation_type: { kind: "string", get: (b) => b.type.toLowerCase() },
  },
};

const mutation: Record<string, R<unknown>> = {
  bulkOperationRunQuery: (_s, a, ctx) =>
    ctx.bulk.run(ctx.store, a.query as string, {
      groupObjects: a.groupObjects as boolean,
      apiVersion: ctx.apiVersion,
    }),
  bulkOperationCancel: (_s, a, ctx) =>
    ctx.bulk.cancel(ctx.store.domain, idOf(a.id as string, "BulkOperation") ?? -1),
};

const shop: Record<string, R<ShopInfo>> = {
  id: (s) => gid("Shop", s.id),
  myshopifyDomain: (s) => s.domain,
  url: (s) => `https://${s.domain}`,
  ianaTimezone: (s) => s.timezone,
  timezoneAbbreviation: (s) =>
    new Intl.DateTimeFormat("en-US", { timeZone: s.timezone, timeZoneName: "short" })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName")?.value ?? "UTC",
  currencyCode: (s) => s.currency,
  plan: () => ({
    displayName: "Basic",
    publicDisplayName: "Basic",
    partnerDevelopment: false,
    shopifyPlus: false,
  }),
};

const location: Record<string, R<Location>> = {
  id: (l) => gid("Location", l.id),
  legacyResourceId: (l) => String(l.id),
  address: (l) => ({ city: l.city, countryCode: "US" }),
  createdAt: (l) => isoUtc(l.createdAt),
  updatedAt: (l) => isoUtc(l.updatedAt),
  inventoryLevels: (l, a, ctx) => {
    requireScope(ctx, "read_inventory", "inventoryLevels");
    return connect(ctx, filtered(ctx, levelsOfLocation(ctx, l.id), a.query, levelSearch), a);
  },
  inventoryLevel: (l, a, ctx) =>
    ctx.store.level(idOf(a.inventoryItemId as string, "InventoryItem") ?? -1, l.id) ?? null,
};

const product: Record<string, R<Product>> = {
  id: (p) => gid("Product", p.id),
  legacyResourceId: (p) => String(p.id),
  createdAt: (p) => isoUtc(p.createdAt),
  updatedAt: (p) => isoUtc(p.updatedAt),
  hasOnlyDefaultVariant: (p, _a, ctx) => {
    const vs = ctx.store.variantsByProduct.get(p.id) ?? [];
    return vs.length === 1 && vs[0]!.title === "Default Title";
  },
  totalInventory: (p, _a, ctx) => {
    let total = 0;
    for (const v of ctx.store.variantsByProduct.get(p.id) ?? []) {
      if (!ctx.store.itemsById.get(v.inventoryItemId)?.tracked) continue;
      for (const l of ctx.store.levelsByItem.get(v.inventoryItemId) ?? []) total += l.available;
    }
    return total;
  },
  tracksInventory: (p, _a, ctx) =>
    (ctx.store.variantsByProduct.get(p.id) ?? []).some(
      (v) => ctx.store.itemsById.get(v.inventoryItemId)?.tracked,
    ),
  variants: (p, a, ctx) => {
    let list = [...(ctx.store.variantsByProduct.get(p.id) ?? [])];
    list = a.sortKey === "ID" ? sortBy(list, (v) => v.id) : sortBy(list, (v) => v.position);
    return paginate(list, a as PageArgs, { key: (v) => v.id, bulk: ctx.isBulk });
  },
  variantsCount: (p, _a, ctx) => count((ctx.store.variantsByProduct.get(p.id) ?? []).length, null),
};

const variant: Record<string, R<Variant>> = {
  id: (v) => gid("ProductVariant", v.id),
  legacyResourceId: (v) => String(v.id),
  displayName: (v, _a, ctx) =>
    `${ctx.store.productsById.get(v.productId)?.title ?? ""} - ${v.title}`,
  inventoryQuantity: (v, _a, ctx) =>
    (ctx.store.levelsByItem.get(v.inventoryItemId) ?? []).reduce((s, l) => s + l.available, 0),
  createdAt: (v) => isoUtc(v.createdAt),
  updatedAt: (v) => isoUtc(v.updatedAt),
  product: (v, _a, ctx) => ctx.store.productsById.get(v.productId),
  inventoryItem: (v, _a, ctx) => ctx.store.itemsById.get(v.inventoryItemId),
};

const inventoryItem: Record<string, R<InventoryItem>> = {
  id: (i) => gid("InventoryItem", i.id),
  legacyResourceId: (i) => String(i.id),
  sku: (i, _a, ctx) => ctx.store.variantsById.get(i.variantId)?.sku ?? null,
  unitCost: (i, _a, ctx) =>
    i.unitCost === null ? null : { amount: i.unitCost, currencyCode: ctx.store.shop.currency },
  createdAt: (i) => isoUtc(i.createdAt),
  updatedAt: (i) => isoUtc(i.updatedAt),
  variant: (i, _a, ctx) => ctx.store.variantsById.get(i.variantId),
  variants: (i, a, ctx) => {
    const v = ctx.store.variantsById.get(i.variantId);
    return connect(ctx, v ? [v] : [], a);
  },
  inventoryLevels: (i, a, ctx) =>
    connect(ctx, filtered(ctx, ctx.store.levelsByItem.get(i.id) ?? [], a.query, levelSearch), a),
  inventoryLevel: (i, a, ctx) =>
    ctx.store.level(i.id, idOf(a.locationId as string, "Location") ?? -1) ?? null,
};

const inventoryLevel: Record<string, R<InventoryLevel>> = {
  id: (l) => levelGid(l.id, l.inventoryItemId),
  createdAt: (l) => isoUtc(l.createdAt),
  updatedAt: (l) => isoUtc(l.updatedAt),
  item: (l, _a, ctx) => ctx.store.itemsById.get(l.inventoryItemId),
  location: (l, _a, ctx) => ctx.store.locationsById.get(l.locationId),
  quantities: (l, a, ctx) =>
    (a.names as string[]).map((name) => {
      if (!QUANTITY_NAMES.has(name)) {
        throw new GraphQLError(`The quantity name '${name}' is not valid.`, {
          extensions: { code: "BAD_REQUEST" },
        });
      }
      const quantity =
        name === "available" || name === "on_hand"
          ? l.available
          : name === "incoming"
            ? ctx.store.inbound.incomingAt(l.inventoryItemId, l.locationId)
            : 0;
      return {
        id: `gid://shopify/InventoryQuantity/${l.id}?inventory_item_id=${l.inventoryItemId}&name=${name}`,
        name,
        quantity,
        updatedAt: name === "available" || name === "on_hand" ? isoUtc(l.updatedAt) : null,
      };
    }),
};

function orderTotal(o: Order): number {
  return o.lineItems.reduce((s, l) => s + Number(l.price) * l.quantity, 0);
}

const order: Record<string, R<Order>> = {
  id: (o) => gid("Order", o.id),
  legacyResourceId: (o) => String(o.id),
  name: (o) => `#${o.number}`,
  createdAt: (o) => isoUtc(o.createdAt),
  updatedAt: (o) => isoUtc(o.updatedAt),
  processedAt: (o) => isoUtc(o.createdAt),
  cancelledAt: (o) => (o.cancelledAt === null ? null : isoUtc(o.cancelledAt)),
  closed: (o, _a, ctx) => o.cancelledAt !== null || o.createdAt < ctx.now - 30 * DAY_MS,
  test: () => false,
  currencyCode: (_o, _a, ctx) => ctx.store.shop.currency,
  displayFinancialStatus: (o) => {
    if (o.refunds.length === 0) return "PAID";
    const ordered = o.lineItems.reduce((s, l) => s + l.quantity, 0);
    const refunded = o.refunds.reduce((s, r) => s + r.lines.reduce((a, l) => a + l.quantity, 0), 0);
    return refunded >= ordered ? "REFUNDED" : "PARTIALLY_REFUNDED";
  },
  retailLocation: (o, _a, ctx) =>
    o.retailLocationId === null ? null : ctx.store.locationsById.get(o.retailLocationId),
  totalPriceSet: (o, _a, ctx) => money(orderTotal(o), ctx.store.shop.currency),
  subtotalPriceSet: (o, _a, ctx) => money(orderTotal(o), ctx.store.shop.currency),
  lineItems: (o, a, ctx) => connect(ctx, o.lineItems, a),
  refunds: (o, a) => (typeof a.first === "number" ? o.refunds.slice(0, a.first) : o.refunds),
};

const lineItem: Record<string, R<LineItem>> = {
  id: (l) => gid("LineItem", l.id),
  name: (l) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title),
  currentQuantity: (l, _a, ctx) => Math.max(0, l.quantity - refundedQuantity(ctx, l)),
  refundableQuantity: (l, _a, ctx) => Math.max(0, l.quantity - refundedQuantity(ctx, l)),
  variant: (l, _a, ctx) => (l.variantId === null ? null : ctx.store.variantsById.get(l.variantId)),
  product: (l, _a, ctx) => (l.productId === null ? null : ctx.store.productsById.get(l.productId)),
  originalUnitPriceSet: (l, _a, ctx) => money(l.price, ctx.store.shop.currency),
  discountedUnitPriceSet: (l, _a, ctx) => money(l.price, ctx.store.shop.currency),
};

function lineOf(ctx: Ctx, rl: RefundLine): LineItem | undefined {
  return ctx.store.lineItemsById.get(rl.lineItemId)?.line;
}

const refund: Record<string, R<Refund>> = {
  id: (r) => gid("Refund", r.id),
  legacyResourceId: (r) => String(r.id),
  createdAt: (r) => isoUtc(r.createdAt),
  updatedAt: (r) => isoUtc(r.createdAt),
  order: (r, _a, ctx) => ctx.store.ordersById.get(r.orderId),
  totalRefundedSet: (r, _a, ctx) =>
    money(
      r.lines.reduce((s, rl) => s + Number(lineOf(ctx, rl)?.price ?? 0) * rl.quantity, 0),
      ctx.store.shop.currency,
    ),
  refundLineItems: (r, a, ctx) => connect(ctx, r.lines, a),
};

const refundLineItem: Record<string, R<RefundLine>> = {
  id: (rl, _a, ctx) => (ctx.store.nullRefundLineIds ? null : gid("RefundLineItem", rl.id)),
  restocked: (rl) => rl.restockType !== "NO_RESTOCK",
  lineItem: (rl, _a, ctx) => lineOf(ctx, rl),
  location: (rl, _a, ctx) =>
    rl.locationId === null ? null : ctx.store.locationsById.get(rl.locationId),
  priceSet: (rl, _a, ctx) => money(lineOf(ctx, rl)?.price ?? "0.00", ctx.store.shop.currency),
  subtotalSet: (rl, _a, ctx) =>
    money(Number(lineOf(ctx, rl)?.price ?? 0) * rl.quantity, ctx.store.shop.currency),
};

const bulkOperation: Record<string, R<BulkOperationView>> = {
  id: (b) => gid("BulkOperation", b.id),
  createdAt: (b) => isoUtc(b.createdAt),
  completedAt: (b) => (b.completedAt === null ? null : isoUtc(b.completedAt)),
  objectCount: (b) => String(b.objectCount),
  rootObjectCount: (b) => String(b.rootObjectCount),
  fileSize: (b) => (b.fileSize === null ? null : String(b.fileSize)),
};

const RESOLVERS: Record<string, Record<string, R<never>>> = {
  QueryRoot: queryRoot,
  Mutation: mutation,
  Shop: shop,
  Location: location,
  Product: product,
  ProductVariant: variant,
  InventoryItem: inventoryItem,
  InventoryLevel: inventoryLevel,
  Order: order,
  LineItem: lineItem,
  Refund: refund,
  RefundLineItem: refundLineItem,
  BulkOperation: bulkOperation,
  InventoryTransfer: inventoryTransfer,
  InventoryTransferLineItem: inventoryTransferLineItem,
  InventoryShipment: inventoryShipment,
  InventoryShipmentLineItem: inventoryShipmentLineItem,
};

let cached: GraphQLSchema | undefined;

/** The executable Admin API subset (built once; resolvers read everything from the context). */
export function adminSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(SDL);
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type) throw new Error(`no type ${typeName} in the SDL`);
    const defs = type.getFields();
    for (const [name, fn] of Object.entries(fields)) {
      const def = defs[name];
      if (!def) throw new Error(`no field ${typeName}.${name} in the SDL`);
      def.resolve = fn as unknown as GraphQLFieldResolver<unknown, GraphqlContext>;
    }
  }
  const node = schema.getType("Node") as GraphQLInterfaceType;
  node.resolveType = (value) => (value as { __typename?: string }).__typename;
  cached = schema;
  return schema;
}
