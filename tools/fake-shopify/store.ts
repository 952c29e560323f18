// One simulated shop at run time: the generated records plus indexes, the mutations the live mode
// and tests perform, and the events those mutations raise (which become webhooks).
import type { GeneratedShop, PendingRestock } from "./generate.ts";
import {
  InboundBook,
  type InboundTopic,
  type InventoryShipment,
  type InventoryTransfer,
} from "./inbound.ts";
import {
  levelKey,
  type InventoryItem,
  type InventoryLevel,
  type LineItem,
  type Location,
  type MovementReason,
  type Order,
  type Product,
  type Refund,
  type ShopInfo,
  type Variant,
} from "./model.ts";

export type StoreEvent =
  | { topic: "orders/create" | "orders/cancelled"; at: number; order: Order }
  | { topic: "refunds/create"; at: number; order: Order; refund: Refund }
  | { topic: "inventory_levels/update"; at: number; level: InventoryLevel }
  | { topic: "products/update"; at: number; product: Product }
  | { topic: "products/delete"; at: number; productId: number }
  | { topic: "inventory_items/update"; at: number; item: InventoryItem }
  | { topic: "locations/update"; at: number; location: Location }
  | { topic: "app/scopes_update"; at: number; previous: string[]; current: string[] }
  | { topic: "app/uninstalled" | "shop/redact"; at: number }
  | {
      topic: InboundTopic;
      at: number;
      transfer: InventoryTransfer;
      shipment: InventoryShipment | null;
    }
  | {
      topic: "customers/data_request" | "customers/redact";
      at: number;
      customerId: number;
      orderIds: number[];
    };

export type Listener = (event: StoreEvent) => void;

export const DEFAULT_SCOPES = [
  "read_products",
  "read_inventory",
  "read_orders",
  "read_locations",
  "read_inventory_transfers",
  "read_inventory_shipments",
  "read_inventory_shipments_received_items",
];

/** The scope each webhook topic family needs (Shopify delivers nothing without it). */
export function scopeForTopic(topic: string): string | null {
  if (topic.startsWith("inventory_transfers/")) return "read_inventory_transfers";
  if (topic === "inventory_shipments/receive_items")
    return "read_inventory_shipments_received_items";
  if (topic.startsWith("inventory_shipments/")) return "read_inventory_shipments";
  return null;
}

export type OrderLineInput = { variantId: number; quantity: number };

export class ShopStore {
  readonly data: GeneratedShop;
  scopes: string[];
  installed = true;
  /** Answer RefundLineItem.id as null (it is nullable in Shopify's schema). */
  nullRefundLineIds = false;
  readonly clock: () => number;
  private readonly listeners = new Set<Listener>();
  private nextIds: Record<"order" | "line" | "refund" | "refundLine" | "po", number>;
  private orderNumber: number;

  readonly locationsById = new Map<number, Location>();
  readonly productsById = new Map<number, Product>();
  readonly variantsById = new Map<number, Variant>();
  readonly variantsByProduct = new Map<number, Variant[]>();
  readonly itemsById = new Map<number, InventoryItem>();
  readonly levelsByKey = new Map<string, InventoryLevel>();
  readonly levelsById = new Map<number, InventoryLevel>();
  readonly levelsByItem = new Map<number, InventoryLevel[]>();
  readonly ordersById = new Map<number, Order>();
  readonly refundsById = new Map<number, Refund>();
  readonly lineItemsById = new Map<number, { order: Order; line: LineItem }>();
  /** Transfers, shipments and purchase orders on their way (inbound.ts). */
  readonly inbound = new InboundBook();

  constructor(data: GeneratedShop, opts: { scopes?: string[]; clock?: () => number } = {}) {
    this.data = data;
    this.scopes = opts.scopes ?? [...DEFAULT_SCOPES];
    this.clock = opts.clock ?? Date.now;
    for (const l of data.locations) this.locationsById.set(l.id, l);
    for (const p of data.products) this.productsById.set(p.id, p);
    for (const v of data.variants) this.indexVariant(v);
    for (const i of data.inventoryItems) this.itemsById.set(i.id, i);
    for (const l of data.inventoryLevels) this.indexLevel(l);
    for (const o of data.orders) this.indexOrder(o);
    const max = (xs: number[], floor: number) => xs.reduce((a, b) => (b > a ? b : a), floor);
    this.nextIds = {
      order: max(
        data.orders.map((o) => o.id),
        6_100_000_000_000,
      ),
      line: max(
        data.orders.flatMap((o) => o.lineItems.map((l) => l.id)),
        15_300_000_000_000,
      ),
      refund: max(
        data.orders.flatMap((o) => o.refunds.map((r) => r.id)),
        980_000_000_000,
      ),
      refundLine: max(
        data.orders.flatMap((o) => o.refunds.flatMap((r) => r.lines.map((l) => l.id))),
        540_000_000_000,
      ),
      po: max(
        data.pendingRestocks.map((p) => p.ref),
        900_000_000,
      ),
    };
    this.orderNumber = max(
      data.orders.map((o) => o.number),
      1000,
    );
    // What was on order when the history ends is on its way now.
    for (const r of data.pendingRestocks) this.inbound.order(r, this.supplierOf(r.inventoryItemId));
  }

  /** Who supplies an item: its product's vendor. */
  supplierOf(inventoryItemId: number): string {
    const variant = this.variantsById.get(this.itemsById.get(inventoryItemId)?.variantId ?? -1);
    return (variant && this.productsById.get(variant.productId)?.vendor) || "Supplier";
  }

  /** The carrier's new arrival estimate for a shipment. */
  updateTracking(shipmentId: number, arrivesAt: number, at = this.clock()): void {
    for (const e of this.inbound.updateTracking(shipmentId, arrivesAt, at)) this.emit(e);
  }

  /** A restock is ordered: it is on its way (a purchase order, or a transfer, maybe shipped). */
  orderRestock(restock: PendingRestock): void {
    for (const e of this.inbound.order(restock, this.supplierOf(restock.inventoryItemId)))
      this.emit(e);
  }

  get shop(): ShopInfo {
    return this.data.shop;
  }

  get domain(): string {
    return this.data.shop.domain;
  }

  hasScope(scope: string): boolean {
    // Shopify's write_X scope implies read_X.
    return this.scopes.includes(scope) || this.scopes.includes(scope.replace(/^read_/, "write_"));
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent) {
    for (const l of this.listeners) l(event);
  }

  private indexVariant(v: Variant) {
    this.variantsById.set(v.id, v);
    const list = this.variantsByProduct.get(v.productId) ?? [];
    list.push(v);
    this.variantsByProduct.set(v.productId, list);
  }

  private indexLevel(l: InventoryLevel) {
    this.levelsByKey.set(levelKey(l.inventoryItemId, l.locationId), l);
    this.levelsById.set(l.id, l);
    const list = this.levelsByItem.get(l.inventoryItemId) ?? [];
    list.push(l);
    this.levelsByItem.set(l.inventoryItemId, list);
  }

  private indexOrder(o: Order) {
    this.ordersById.set(o.id, o);
    for (const line of o.lineItems) this.lineItemsById.set(line.id, { order: o, line });
    for (const r of o.refunds) this.refundsById.set(r.id, r);
  }

  private id(kind: keyof ShopStore["nextIds"]): number {
    this.nextIds[kind] += 1 + (this.nextIds[kind] % 5);
    return this.nextIds[kind];
  }

  level(inventoryItemId: number, locationId: number): InventoryLevel | undefined {
    return this.levelsByKey.get(levelKey(inventoryItemId, locationId));
  }

  // ── Mutations. Each one keeps the ledger (data.movements) and raises the events Shopify would.

  /** Moves stock and records why. Silent changes raise no webhook: a lost delivery, for tests. */
  adjust(
    inventoryItemId: number,
    locationId: number,
    delta: number,
    reason: MovementReason,
    opts: { silent?: boolean; ref?: number | null; at?: number } = {},
  ): InventoryLevel {
    const level = this.level(inventoryItemId, locationId);
    if (!level) throw new Error(`no inventory level for item ${inventoryItemId} at ${locationId}`);
    const at = Math.max(opts.at ?? this.clock(), level.updatedAt);
    const item = this.itemsById.get(inventoryItemId)!;
    if (item.tracked) {
      level.available += delta;
      this.data.movements.push({
        at,
        inventoryItemId,
        locationId,
        delta,
        reason,
        ref: opts.ref ?? null,
      });
    }
    level.updatedAt = at;
    item.updatedAt = at;
    if (!opts.silent && item.tracked) this.emit({ topic: "inventory_levels/update", at, level });
    return level;
  }

  setAvailable(
    inventoryItemId: number,
    locationId: number,
    available: number,
    opts: { silent?: boolean } = {},
  ): InventoryLevel {
    const level = this.level(inventoryItemId, locationId);
    if (!level) throw new Error(`no inventory level for item ${inventoryItemId} at ${locationId}`);
    return this.adjust(
      inventoryItemId,
      locationId,
      available - level.available,
      "correction",
      opts,
    );
  }

  /** A customer order taken at a location: online when the location fulfils online orders. */
  placeOrder(locationId: number, lines: OrderLineInput[], at = this.clock()): Order {
    const location = this.locationsById.get(locationId);
    if (!location) throw new Error(`unknown location ${locationId}`);
    if (lines.length === 0) throw new Error("an order needs at least one line");
    const pos = !location.fulfillsOnlineOrders;
    const order: Order = {
      id: this.id("order"),
      number: ++this.orderNumber,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      cancelReason: null,
      sourceName: pos ? "pos" : "web",
      retailLocationId: pos ? locationId : null,
      customerId: 7_400_000_000_000 + (this.orderNumber % 4000) * 97,
      lineItems: lines.map(({ variantId, quantity }) => {
        const v = this.variantsById.get(variantId);
        if (!v) throw new Error(`unknown variant ${variantId}`);
        const p = this.productsById.get(v.productId)!;
        return {
          id: this.id("line"),
          variantId,
          productId: p.id,
          title: p.title,
          variantTitle: v.title === "Default Title" ? null : v.title,
          sku: v.sku,
          vendor: p.vendor,
          quantity,
          price: v.price,
          locationId,
        };
      }),
      refunds: [],
    };
    this.data.orders.push(order);
    this.indexOrder(order);
    this.emit({ topic: "orders/create", at, order });
    for (const line of order.lineItems) {
      const v = this.variantsById.get(line.variantId!)!;
      if (this.level(v.inventoryItemId, locationId))
        this.adjust(v.inventoryItemId, locationId, -line.quantity, "sale", { ref: order.id, at });
    }
    return order;
  }

  cancelOrder(
    orderId: number,
    reason: NonNullable<Order["cancelReason"]> = "CUSTOMER",
    at = this.clock(),
  ): Order {
    const order = this.ordersById.get(orderId);
    if (!order) throw new Error(`unknown order ${orderId}`);
    if (order.cancelledAt !== null) return order;
    order.cancelledAt = at;
    order.cancelReason = reason;
    order.updatedAt = at;
    const refund = this.addRefund(
      order,
      order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity, restock: true })),
      "CANCEL",
      at,
    );
    this.emit({ topic: "orders/cancelled", at, order });
    this.emit({ topic: "refunds/create", at, order, refund });
    this.restockRefund(order, refund, at);
    return order;
  }

  refund(
    orderId: number,
    lines: { lineItemId: number; quantity: number; restock: boolean }[],
    at = this.clock(),
  ): Refund {
    const order = this.ordersById.get(orderId);
    if (!order) throw new Error(`unknown order ${orderId}`);
    const refund = this.addRefund(order, lines, "RETURN", at);
    order.updatedAt = at;
    this.emit({ topic: "refunds/create", at, order, refund });
    this.restockRefund(order, refund, at);
    return refund;
  }

  private addRefund(
    order: Order,
    lines: { lineItemId: number; quantity: number; restock: boolean }[],
    restockType: "RETURN" | "CANCEL",
    at: number,
  ): Refund {
    const refund: Refund = {
      id: this.id("refund"),
      orderId: order.id,
      createdAt: at,
      note: restockType === "CANCEL" ? "Order cancelled" : null,
      lines: lines.map((l) => {
        const li = order.lineItems.find((x) => x.id === l.lineItemId);
        if (!li) throw new Error(`line ${l.lineItemId} is not on order ${order.id}`);
        return {
          id: this.id("refundLine"),
          lineItemId: li.id,
          quantity: l.quantity,
          restockType: l.restock ? restockType : "NO_RESTOCK",
          locationId: l.restock ? li.locationId : null,
        };
      }),
    };
    order.refunds.push(refund);
    this.refundsById.set(refund.id, refund);
    return refund;
  }

  private restockRefund(order: Order, refund: Refund, at: number) {
    for (const rl of refund.lines) {
      if (rl.locationId === null) continue;
      const li = order.lineItems.find((x) => x.id === rl.lineItemId)!;
      const v = li.variantId === null ? undefined : this.variantsById.get(li.variantId);
      if (v && this.level(v.inventoryItemId, rl.locationId)) {
        const reason = rl.restockType === "CANCEL" ? "cancel" : "return";
        this.adjust(v.inventoryItemId, rl.locationId, rl.quantity, reason, { ref: refund.id, at });
      }
    }
  }

  /** A purchase order arrives: stock goes up, the transfer carrying it (if any) completes. */
  receive(restock: PendingRestock, at = this.clock()): InventoryLevel {
    const level = this.adjust(
      restock.inventoryItemId,
      restock.locationId,
      restock.quantity,
      "restock",
      { ref: restock.ref, at },
    );
    for (const e of this.inbound.receive(restock, at)) this.emit(e);
    return level;
  }

  newPurchaseOrderId(): number {
    return this.id("po");
  }

  updateProduct(
    productId: number,
    patch: Partial<Pick<Product, "title" | "vendor" | "productType" | "status" | "tags">>,
    at = this.clock(),
  ): Product {
    const product = this.productsById.get(productId);
    if (!product) throw new Error(`unknown product ${productId}`);
    Object.assign(product, patch, { updatedAt: at });
    this.emit({ topic: "products/update", at, product });
    return product;
  }

  updateVariant(
    variantId: number,
    patch: Partial<Pick<Variant, "sku" | "price" | "title">>,
    at = this.clock(),
  ): Variant {
    const variant = this.variantsById.get(variantId);
    if (!variant) throw new Error(`unknown variant ${variantId}`);
    Object.assign(variant, patch, { updatedAt: at });
    const product = this.productsById.get(variant.productId)!;
    product.updatedAt = at;
    this.emit({ topic: "products/update", at, product });
    return variant;
  }

  deleteProduct(productId: number, at = this.clock()) {
    const product = this.productsById.get(productId);
    if (!product) throw new Error(`unknown product ${productId}`);
    const variants = this.variantsByProduct.get(productId) ?? [];
    const items = new Set(variants.map((v) => v.inventoryItemId));
    const vids = new Set(variants.map((v) => v.id));
    this.data.products = this.data.products.filter((p) => p.id !== productId);
    this.data.variants = this.data.variants.filter((v) => !vids.has(v.id));
    this.data.inventoryItems = this.data.inventoryItems.filter((i) => !items.has(i.id));
    this.data.inventoryLevels = this.data.inventoryLevels.filter(
      (l) => !items.has(l.inventoryItemId),
    );
    this.productsById.delete(productId);
    this.variantsByProduct.delete(productId);
    for (const v of variants) this.variantsById.delete(v.id);
    for (const id of items) {
      this.itemsById.delete(id);
      for (const l of this.levelsByItem.get(id) ?? []) {
        this.levelsById.delete(l.id);
        this.levelsByKey.delete(levelKey(l.inventoryItemId, l.locationId));
      }
      this.levelsByItem.delete(id);
    }
    this.emit({ topic: "products/delete", at, productId });
  }

  /** The merchant turns stock tracking on or off for an item (or changes its cost). */
  updateInventoryItem(
    itemId: number,
    patch: Partial<Pick<InventoryItem, "tracked" | "unitCost">>,
    at = this.clock(),
  ): InventoryItem {
    const item = this.itemsById.get(itemId);
    if (!item) throw new Error(`unknown inventory item ${itemId}`);
    Object.assign(item, patch, { updatedAt: at });
    this.emit({ topic: "inventory_items/update", at, item });
    return item;
  }

  updateLocation(
    locationId: number,
    patch: Partial<Pick<Location, "name" | "isActive">>,
    at = this.clock(),
  ): Location {
    const location = this.locationsById.get(locationId);
    if (!location) throw new Error(`unknown location ${locationId}`);
    Object.assign(location, patch, { updatedAt: at });
    this.emit({ topic: "locations/update", at, location });
    return location;
  }

  /** The merchant grants or removes access scopes (e.g. read_all_orders once Shopify approves). */
  updateScopes(current: string[], at = this.clock()) {
    const previous = this.scopes;
    this.scopes = [...current];
    this.emit({ topic: "app/scopes_update", at, previous, current: [...current] });
  }

  uninstall(at = this.clock()) {
    this.installed = false;
    this.emit({ topic: "app/uninstalled", at });
  }

  reinstall() {
    this.installed = true;
  }

  /** The compliance webhooks a merchant or customer triggers. */
  requestCustomerData(customerId: number, at = this.clock()) {
    const orderIds = this.data.orders.filter((o) => o.customerId === customerId).map((o) => o.id);
    this.emit({ topic: "customers/data_request", at, customerId, orderIds });
  }

  redactCustomer(customerId: number, at = this.clock()) {
    const orderIds = this.data.orders.filter((o) => o.customerId === customerId).map((o) => o.id);
    this.emit({ topic: "customers/redact", at, customerId, orderIds });
  }

  redactShop(at = this.clock()) {
    this.emit({ topic: "shop/redact", at });
  }
}
