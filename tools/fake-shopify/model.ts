// The simulated shop's records. Ids are Shopify legacy ids (numbers); GIDs are derived on the way
// out. Times are epoch milliseconds; money is a decimal string, as Shopify sends it.

export type DemandClass = "fast" | "steady" | "slow" | "intermittent" | "dead";

export type ShopInfo = {
  id: number;
  domain: string; // demo-gear.myshopify.com
  name: string;
  email: string;
  timezone: string; // IANA
  currency: string;
  createdAt: number;
};

export type Location = {
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  city: string;
  createdAt: number;
  updatedAt: number;
};

export type Product = {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  tags: string[];
  createdAt: number;
  updatedAt: number;
};

export type Variant = {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  price: string; // "0.00" stands for a variant nobody priced (missing-data alerts)
  compareAtPrice: string | null;
  barcode: string | null;
  position: number;
  option1: string | null;
  createdAt: number;
  updatedAt: number;
};

export type InventoryItem = {
  id: number;
  variantId: number;
  tracked: boolean;
  unitCost: string | null;
  createdAt: number;
  updatedAt: number;
};

export type InventoryLevel = {
  id: number; // the numeric part of gid://shopify/InventoryLevel/{id}?inventory_item_id=…
  inventoryItemId: number;
  locationId: number;
  available: number;
  createdAt: number;
  updatedAt: number;
};

export type LineItem = {
  id: number;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  price: string;
  locationId: number; // where stock was taken from (not a Shopify line field; kept for the ledger)
};

export type RefundLine = {
  id: number;
  lineItemId: number;
  quantity: number;
  restockType: "RETURN" | "CANCEL" | "NO_RESTOCK" | "LEGACY_RESTOCK";
  locationId: number | null;
};

export type Refund = {
  id: number;
  orderId: number;
  createdAt: number;
  note: string | null;
  lines: RefundLine[];
};

export type Order = {
  id: number;
  number: number; // #1001 → 1001
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | null;
  sourceName: "web" | "pos";
  retailLocationId: number | null; // set for point-of-sale orders only, as on Shopify
  customerId: number;
  lineItems: LineItem[];
  refunds: Refund[];
};

export type MovementReason = "initial" | "sale" | "restock" | "cancel" | "return" | "correction";

/** One change of an inventory level: the ledger that proves stock and orders agree. */
export type Movement = {
  at: number;
  inventoryItemId: number;
  locationId: number;
  delta: number;
  reason: MovementReason;
  ref: number | null; // order, refund or purchase order id
};

/** What the generator knows about a variant's demand; not visible through the API. */
export type DemandProfile = {
  variantId: number;
  demandClass: DemandClass;
  dailyRate: number; // mean units per day across locations, before the weekly pattern
  dispersion: number; // negative binomial k (small = lumpy)
  locationShare: number[]; // share of demand per location, same order as ShopData.locations
  leadTimeDays: number;
  reorderPoint: number;
  orderUpTo: number;
  restocks: boolean; // false: sells out and stays out (discontinued)
  launchedDaysAgo: number;
};

export type ShopData = {
  shop: ShopInfo;
  generatedAt: number; // "now" of the generation
  historyDays: number;
  weekdayIndex: number[]; // 0 = Sunday … 6 = Saturday, mean 1
  locations: Location[];
  products: Product[];
  variants: Variant[];
  inventoryItems: InventoryItem[];
  inventoryLevels: InventoryLevel[];
  orders: Order[];
  movements: Movement[];
  demand: DemandProfile[];
  /** Stock before the first day of history, per `${inventoryItemId}:${locationId}`. */
  initialLevels: Record<string, number>;
};

export function levelKey(inventoryItemId: number, locationId: number): string {
  return `${inventoryItemId}:${locationId}`;
}
