// The Admin GraphQL documents the worker sends to Shopify, and the shapes of what comes back.
// Bulk queries obey Shopify's bulk rules: at most 5 connections, nested at most 2 deep, no
// connection inside a list field, and every parent of a nested connection selects its `id`.

// ── Shop ─────────────────────────────────────────────────────────────────────────────────────
export const SHOP_QUERY = /* GraphQL */ `
  query Shop {
    shop {
      id
      name
      myshopifyDomain
      ianaTimezone
      currencyCode
    }
  }
`;
export type ShopData = {
  shop: {
    id: string;
    name: string;
    myshopifyDomain: string;
    ianaTimezone: string;
    currencyCode: string;
  };
};

/** Totals for the backfill progress bar (limit: null asks for exact counts). */
export const BACKFILL_COUNTS_QUERY = /* GraphQL */ `
  query BackfillCounts($ordersQuery: String) {
    productVariantsCount(limit: null) {
      count
      precision
    }
    ordersCount(query: $ordersQuery, limit: null) {
      count
      precision
    }
  }
`;
export type Count = { count: number; precision: "EXACT" | "AT_LEAST" };
export type BackfillCountsData = { productVariantsCount: Count | null; ordersCount: Count | null };

// ── Locations (few: a paged query) ───────────────────────────────────────────────────────────
export const LOCATIONS_QUERY = /* GraphQL */ `
  query Locations($after: String) {
    locations(first: 250, after: $after, includeInactive: true) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        legacyResourceId
        name
        isActive
        fulfillsOnlineOrders
      }
    }
  }
`;
export type LocationNode = {
  id: string;
  legacyResourceId: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
};
export type PageInfo = { hasNextPage: boolean; endCursor: string | null };
export type LocationsData = { locations: { pageInfo: PageInfo; nodes: LocationNode[] } };

// ── Catalog (bulk): variants with their product and inventory item inline, levels as children ─
// Reading variants at the top keeps the nesting at two connections (variants → inventoryLevels);
// products → variants → inventoryLevels would be three, which bulk operations refuse.
export const CATALOG_BULK_QUERY = /* GraphQL */ `
  {
    productVariants {
      edges {
        node {
          id
          title
          sku
          price
          createdAt
          updatedAt
          product {
            id
            title
            handle
            vendor
            productType
            status
            updatedAt
          }
          inventoryItem {
            id
            tracked
            updatedAt
            inventoryLevels {
              edges {
                node {
                  id
                  updatedAt
                  location {
                    id
                  }
                  quantities(names: ["available"]) {
                    name
                    quantity
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
export type CatalogVariantRecord = {
  id: string; // gid://shopify/ProductVariant/…
  title: string;
  sku: string | null;
  price: string;
  createdAt: string;
  updatedAt: string;
  product: {
    id: string;
    title: string;
    handle: string;
    vendor: string;
    productType: string;
    status: "ACTIVE" | "ARCHIVED" | "DRAFT";
    updatedAt: string;
  };
  inventoryItem: { id: string; tracked: boolean; updatedAt: string };
};
export type Quantity = { name: string; quantity: number };
/** A level line; its `__parentId` is the variant whose inventory item it belongs to. */
export type CatalogLevelRecord = {
  id: string; // gid://shopify/InventoryLevel/…?inventory_item_id=…
  updatedAt: string;
  location: { id: string };
  quantities: Quantity[];
  __parentId: string;
};
export type CatalogRecord = CatalogVariantRecord | CatalogLevelRecord;

export function isCatalogLevel(r: CatalogRecord): r is CatalogLevelRecord {
  return r.id.startsWith("gid://shopify/InventoryLevel/");
}

// ── Orders (bulk) ────────────────────────────────────────────────────────────────────────────
/** The search filter for orders created since `since` (the progress bar's count uses it too). */
export function ordersCreatedSince(since: Date): string {
  return `created_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
}

/**
 * Orders created since `since`, with their lines as child lines. Refunds come inline with ids and
 * dates only (a connection inside the refunds list is not allowed in bulk); a line's refunded
 * quantity is quantity − currentQuantity, and REFUND_LINES_QUERY fetches the refund lines of the few
 * refunds when per-refund detail is needed.
 */
export function ordersBulkQuery(since: Date): string {
  return /* GraphQL */ `
  {
    orders(query: "${ordersCreatedSince(since)}", sortKey: CREATED_AT) {
      edges {
        node {
          id
          name
          createdAt
          cancelledAt
          sourceName
          retailLocation {
            id
          }
          refunds {
            id
            createdAt
          }
          lineItems {
            edges {
              node {
                id
                quantity
                currentQuantity
                sku
                variant {
                  id
                }
                product {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                    currencyCode
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
}
export type OrderRecord = {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  sourceName: string | null;
  retailLocation: { id: string } | null;
  refunds: { id: string; createdAt: string | null }[];
};
export type OrderLineRecord = {
  id: string;
  quantity: number;
  currentQuantity: number;
  sku: string | null;
  variant: { id: string } | null;
  product: { id: string } | null;
  originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  __parentId: string;
};
export type OrdersRecord = OrderRecord | OrderLineRecord;

export function isOrderLine(r: OrdersRecord): r is OrderLineRecord {
  return r.id.startsWith("gid://shopify/LineItem/");
}

/**
 * Refund lines of up to 25 refunds (pass the refund GIDs from the orders' inline `refunds`).
 * Only what the ledger needs: the cost bucket, not Shopify, bounds this step (about 5 points per
 * refund with one line; every extra object selected would add one per line).
 */
export const REFUND_LINES_QUERY = /* GraphQL */ `
  query RefundLines($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Refund {
        id
        createdAt
        refundLineItems(first: 10) {
          nodes {
            id
            quantity
            restockType
            lineItem {
              id
            }
          }
        }
      }
    }
  }
`;
export const REFUND_LINES_BATCH = 25;
export type RefundLineNode = {
  id: string;
  quantity: number;
  restockType: "CANCEL" | "LEGACY_RESTOCK" | "NO_RESTOCK" | "RETURN";
  lineItem: { id: string };
};
export type RefundLinesData = {
  nodes: ({
    id: string;
    createdAt: string | null;
    refundLineItems: { nodes: RefundLineNode[] };
  } | null)[];
};

// ── Inventory levels for reconciliation ─────────────────────────────────────────────────────
/** One page of a location's levels (about 400 cost points with first: 100). */
export const INVENTORY_LEVELS_PAGE_QUERY = /* GraphQL */ `
  query InventoryLevelsPage($locationId: ID!, $first: Int!, $after: String) {
    location(id: $locationId) {
      id
      inventoryLevels(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          updatedAt
          item {
            id
            tracked
            variant {
              id
            }
          }
          quantities(names: ["available"]) {
            name
            quantity
          }
        }
      }
    }
  }
`;
export type LevelNode = {
  id: string;
  updatedAt: string;
  item: { id: string; tracked: boolean; variant: { id: string } | null };
  quantities: Quantity[];
};
export type InventoryLevelsPageData = {
  location: { id: string; inventoryLevels: { pageInfo: PageInfo; nodes: LevelNode[] } } | null;
};

/** Every level of every location in one bulk operation (for shops too big to page through). */
export const INVENTORY_LEVELS_BULK_QUERY = /* GraphQL */ `
  {
    locations(includeInactive: false) {
      edges {
        node {
          id
          inventoryLevels {
            edges {
              node {
                id
                updatedAt
                item {
                  id
                  tracked
                }
                quantities(names: ["available"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
      }
    }
  }
`;
export type LevelsBulkLocationRecord = { id: string };
export type LevelsBulkLevelRecord = {
  id: string;
  updatedAt: string;
  item: { id: string; tracked: boolean };
  quantities: Quantity[];
  __parentId: string; // the location
};
export type LevelsBulkRecord = LevelsBulkLocationRecord | LevelsBulkLevelRecord;

export function isLevelsBulkLevel(r: LevelsBulkRecord): r is LevelsBulkLevelRecord {
  return r.id.startsWith("gid://shopify/InventoryLevel/");
}

/** The "available" quantity from a quantities list (null if Shopify did not return it). */
export function availableOf(quantities: Quantity[]): number | null {
  return quantities.find((q) => q.name === "available")?.quantity ?? null;
}

// ── Bulk operation control ──────────────────────────────────────────────────────────────────
const BULK_FIELDS = /* GraphQL */ `
  id
  status
  errorCode
  createdAt
  completedAt
  objectCount
  rootObjectCount
  fileSize
  url
  partialDataUrl
`;

export const BULK_RUN_MUTATION = /* GraphQL */ `
  mutation BulkRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        ${BULK_FIELDS}
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_QUERY = /* GraphQL */ `
  query BulkOperation($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        ${BULK_FIELDS}
      }
    }
  }
`;

export const CURRENT_BULK_OPERATION_QUERY = /* GraphQL */ `
  query CurrentBulkOperation {
    currentBulkOperation(type: QUERY) {
      ${BULK_FIELDS}
    }
  }
`;

export type BulkOperationStatus =
  "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

export type BulkOperation = {
  id: string;
  status: BulkOperationStatus;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string; // UnsignedInt64 arrives as a string
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null; // null when the operation produced no objects
  partialDataUrl: string | null;
};

export type BulkUserError = { field: string[] | null; message: string; code?: string | null };
export type BulkRunData = {
  bulkOperationRunQuery: { bulkOperation: BulkOperation | null; userErrors: BulkUserError[] };
};
export type BulkOperationData = { node: BulkOperation | null };
export type CurrentBulkOperationData = { currentBulkOperation: BulkOperation | null };
