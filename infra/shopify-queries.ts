// The Admin GraphQL documents the worker sends to Shopify, and the shapes of what comes back.
// Every document here is validated in `npm test` against Shopify's published schema of the API
// version we declare (tools/shopify-schema/), and the response types are generated from that same
// schema by Shopify's codegen preset (`npm run codegen` → infra/shopify-types/): change a document,
// run codegen, commit both. Bulk queries also obey Shopify's bulk rules: at most 5 connections,
// nested at most 2 deep, no connection inside a list field, no first/last, and every parent of a
// nested connection selects its `id`.
import type {
  BackfillCountsQuery,
  InboundShipmentLinesQuery,
  InboundTransferLinesQuery,
  InboundTransfersQuery,
  BulkOperationQuery,
  BulkRunMutation,
  CatalogBulkQuery,
  InventoryLevelsBulkQuery,
  InventoryLevelsPageQuery,
  LocationsQuery,
  OrdersBulkQuery,
  RefundLinesQuery,
  RunningBulkOperationsQuery,
  ShopQuery,
} from "./shopify-types/admin.generated.d.ts";
import type { BulkLine, ConnectionNode } from "./shopify-bulk-lines.ts";

// ── Shop ─────────────────────────────────────────────────────────────────────────────────────
/** The shop, and the access scopes the merchant granted us (Shopify's documented way to check). */
export const SHOP_QUERY = /* GraphQL */ `
  query Shop {
    shop {
      id
      name
      myshopifyDomain
      ianaTimezone
      currencyCode
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;
export type ShopData = ShopQuery;

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
export type BackfillCountsData = BackfillCountsQuery;

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
export type LocationsData = LocationsQuery;
export type LocationNode = LocationsQuery["locations"]["nodes"][number];
export type PageInfo = { hasNextPage: boolean; endCursor?: string | null };

// ── Catalog (bulk): variants with their product and inventory item inline, levels as children ─
// Reading variants at the top keeps the nesting at two connections (variants → inventoryLevels);
// products → variants → inventoryLevels would be three, which bulk operations refuse.
export const CATALOG_BULK_QUERY = /* GraphQL */ `
  query CatalogBulk {
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
            unitCost {
              amount
            }
            inventoryLevels {
              edges {
                node {
                  id
                  updatedAt
                  location {
                    id
                  }
                  quantities(names: ["available", "incoming"]) {
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
type CatalogVariantNode = ConnectionNode<CatalogBulkQuery["productVariants"]>;
export type CatalogVariantRecord = BulkLine<CatalogVariantNode>;
/** A level line; its `__parentId` is the variant whose inventory item it belongs to. */
export type CatalogLevelRecord = BulkLine<
  ConnectionNode<CatalogVariantNode["inventoryItem"]["inventoryLevels"]>,
  true
>;
export type CatalogRecord = CatalogVariantRecord | CatalogLevelRecord;
export type Quantity = { name: string; quantity: number };

export function isCatalogLevel(r: CatalogRecord): r is CatalogLevelRecord {
  return r.id.startsWith("gid://shopify/InventoryLevel/");
}

// ── Orders (bulk) ────────────────────────────────────────────────────────────────────────────
/** The search filter for orders created since `since` (the progress bar's count uses it too). */
export function ordersCreatedSince(since: Date): string {
  return `created_at:>='${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
}

const SINCE = "created_at:>='1970-01-01T00:00:00Z'";

/**
 * Orders with their lines as child lines (the filter is replaced by ordersBulkQuery). Refunds come
 * inline with ids and dates only (a connection inside the refunds list is not allowed in bulk); a
 * line's refunded quantity is quantity − currentQuantity, and REFUND_LINES_QUERY fetches the
 * refund lines of the few refunds when per-refund detail is needed.
 */
export const ORDERS_BULK_QUERY = /* GraphQL */ `
  query OrdersBulk {
    orders(query: "created_at:>='1970-01-01T00:00:00Z'", sortKey: CREATED_AT) {
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

/** ORDERS_BULK_QUERY for the orders created since `since` (bulk queries take no variables). */
export function ordersBulkQuery(since: Date): string {
  return ORDERS_BULK_QUERY.replace(SINCE, ordersCreatedSince(since));
}

type OrderNode = ConnectionNode<OrdersBulkQuery["orders"]>;
export type OrderRecord = BulkLine<OrderNode>;
export type OrderLineRecord = BulkLine<ConnectionNode<OrderNode["lineItems"]>, true>;
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
export type RefundLinesData = RefundLinesQuery;
/** A refund as the query returns it (nodes(ids:) answers null for an id it does not know). */
export type RefundNode = {
  id: string;
  createdAt?: string | null;
  refundLineItems: { nodes: RefundLineNode[] };
};
/** RefundLineItem.id is nullable in Shopify's schema. */
export type RefundLineNode = Extract<
  RefundLinesQuery["nodes"][number],
  { refundLineItems: unknown }
>["refundLineItems"]["nodes"][number];

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
          }
          quantities(names: ["available", "incoming"]) {
            name
            quantity
          }
        }
      }
    }
  }
`;
export type InventoryLevelsPageData = InventoryLevelsPageQuery;
export type LevelNode = NonNullable<
  InventoryLevelsPageQuery["location"]
>["inventoryLevels"]["nodes"][number];

/** Every level of every location in one bulk operation (for shops too big to page through). */
export const INVENTORY_LEVELS_BULK_QUERY = /* GraphQL */ `
  query InventoryLevelsBulk {
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
                quantities(names: ["available", "incoming"]) {
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
type LevelsBulkLocationNode = ConnectionNode<InventoryLevelsBulkQuery["locations"]>;
export type LevelsBulkLocationRecord = BulkLine<LevelsBulkLocationNode>;
/** A level line; its `__parentId` is the location. */
export type LevelsBulkLevelRecord = BulkLine<
  ConnectionNode<LevelsBulkLocationNode["inventoryLevels"]>,
  true
>;
export type LevelsBulkRecord = LevelsBulkLocationRecord | LevelsBulkLevelRecord;

export function isLevelsBulkLevel(r: LevelsBulkRecord): r is LevelsBulkLevelRecord {
  return r.id.startsWith("gid://shopify/InventoryLevel/");
}

/** The "available" quantity from a quantities list (null if Shopify did not return it). */
export function availableOf(quantities: Quantity[]): number | null {
  return quantities.find((q) => q.name === "available")?.quantity ?? null;
}

/** The "incoming" quantity (transfers, shipments and purchase orders on their way), 0 if none. */
export function incomingOf(quantities: Quantity[]): number {
  return Math.max(0, quantities.find((q) => q.name === "incoming")?.quantity ?? 0);
}

// ── Stock on its way: inbound transfers and their shipments ────────────────────────────────
// Scopes read_inventory_transfers and read_inventory_shipments; without them the app nets only
// the "incoming" quantity of each level. Open transfers are few: pages of 5 with their first 25
// lines and 5 shipments inline (about 350 requested cost points a page, under the 1,000 a single
// query may cost); a transfer's further lines, and each shipment's lines, are paged on their own.

/** The statuses of transfers still on their way (drafts are not committed; the rest are done). */
export const OPEN_TRANSFERS_FILTER = "status:ready_to_ship OR status:in_progress";

export const INBOUND_TRANSFERS_QUERY = /* GraphQL */ `
  query InboundTransfers($after: String, $query: String) {
    inventoryTransfers(first: 5, after: $after, query: $query, sortKey: ID) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        referenceName
        status
        dateCreated
        origin {
          name
          location {
            id
          }
        }
        destination {
          name
          location {
            id
          }
        }
        lineItems(first: 25) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            totalQuantity
            shippedQuantity
            inventoryItem {
              id
            }
          }
        }
        shipments(first: 5) {
          nodes {
            id
            name
            status
            dateCreated
            dateShipped
            tracking {
              arrivesAt
            }
          }
        }
      }
    }
  }
`;
export type InboundTransfersData = InboundTransfersQuery;
export type InboundTransferNode = InboundTransfersQuery["inventoryTransfers"]["nodes"][number];
export type InboundTransferLine = InboundTransferNode["lineItems"]["nodes"][number];
export type InboundShipmentNode = InboundTransferNode["shipments"]["nodes"][number];

/** The rest of a transfer's lines (more than 25). */
export const INBOUND_TRANSFER_LINES_QUERY = /* GraphQL */ `
  query InboundTransferLines($id: ID!, $after: String) {
    inventoryTransfer(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          totalQuantity
          shippedQuantity
          inventoryItem {
            id
          }
        }
      }
    }
  }
`;
export type InboundTransferLinesData = InboundTransferLinesQuery;

/** A shipment's lines: what it carries and what is still to be received. */
export const INBOUND_SHIPMENT_LINES_QUERY = /* GraphQL */ `
  query InboundShipmentLines($id: ID!, $after: String) {
    inventoryShipment(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          quantity
          unreceivedQuantity
          inventoryItem {
            id
          }
        }
      }
    }
  }
`;
export type InboundShipmentLinesData = InboundShipmentLinesQuery;
export type InboundShipmentLine = NonNullable<
  NonNullable<InboundShipmentLinesQuery["inventoryShipment"]>["lineItems"]
>["nodes"][number];

// ── Bulk operation control ──────────────────────────────────────────────────────────────────
// groupObjects is always passed: its default changed (true → false in 2026-01) and grouping is
// slower and fails more. Our readers take lines in any order (worker/backfill/orders.ts).
export const BULK_RUN_MUTATION = /* GraphQL */ `
  mutation BulkRun($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation {
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
    bulkOperation(id: $id) {
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
    }
  }
`;

/**
 * The app's bulk queries still running at the shop (up to five may run at once since 2026-01),
 * newest first. Replaces the deprecated `currentBulkOperation`.
 */
export const RUNNING_BULK_OPERATIONS_QUERY = /* GraphQL */ `
  query RunningBulkOperations {
    bulkOperations(
      first: 10
      query: "operation_type:query AND status:running"
      sortKey: CREATED_AT
    ) {
      nodes {
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
      }
    }
  }
`;

export type BulkOperation = NonNullable<BulkOperationQuery["bulkOperation"]>;
export type BulkOperationStatus = BulkOperation["status"];
export type BulkRunData = BulkRunMutation;
export type BulkUserError = NonNullable<
  BulkRunMutation["bulkOperationRunQuery"]
>["userErrors"][number];
export type BulkOperationData = BulkOperationQuery;
export type RunningBulkOperationsData = RunningBulkOperationsQuery;
