// The subset of the Admin GraphQL API the simulated store serves: names, types, arguments, defaults
// and deprecations follow Shopify's published schema of the version we serve, which sdl.test.ts
// checks, so a query that validates here validates against Shopify for these fields.

const connection = (node: string) => `
type ${node}Connection { edges: [${node}Edge!]! nodes: [${node}!]! pageInfo: PageInfo! }
type ${node}Edge { cursor: String! node: ${node}! }`;

const page = "first: Int, last: Int, after: String, before: String, reverse: Boolean = false";

export const SDL = /* GraphQL */ `
schema { query: QueryRoot mutation: Mutation }

scalar DateTime
scalar Decimal
scalar Money
scalar UnsignedInt64
scalar URL

enum CurrencyCode { USD EUR GBP CAD AUD }
enum CountPrecision { AT_LEAST EXACT }
enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
enum OrderDisplayFinancialStatus { PAID PARTIALLY_REFUNDED REFUNDED VOIDED PENDING }
enum RefundLineItemRestockType { CANCEL LEGACY_RESTOCK NO_RESTOCK RETURN }
enum ProductSortKeys { ID TITLE CREATED_AT UPDATED_AT VENDOR PRODUCT_TYPE }
enum ProductVariantSortKeys { ID SKU TITLE POSITION }
enum OrderSortKeys { ID CREATED_AT UPDATED_AT PROCESSED_AT }
enum LocationSortKeys { ID NAME }
enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
enum BulkOperationType { MUTATION QUERY }
enum BulkOperationUserErrorCode { INVALID LIMIT_REACHED OPERATION_IN_PROGRESS }
enum BulkOperationsSortKeys { COMPLETED_AT CREATED_AT }
enum InventoryTransferStatus { CANCELED DRAFT IN_PROGRESS OTHER READY_TO_SHIP TRANSFERRED }
enum InventoryShipmentStatus { DRAFT IN_TRANSIT OTHER PARTIALLY_RECEIVED RECEIVED }
enum TransferSortKeys { CREATED_AT DESTINATION_NAME EXPECTED_SHIPMENT_ARRIVAL ID NAME ORIGIN_NAME SOURCE_NAME STATUS }
enum ShipmentLineItemSortKeys { ID }

interface Node { id: ID! }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type Count { count: Int! precision: CountPrecision! }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type UserError { field: [String!] message: String! }

type ShopPlan {
  displayName: String! @deprecated(reason: "Use \`publicDisplayName\` instead.")
  publicDisplayName: String!
  partnerDevelopment: Boolean!
  shopifyPlus: Boolean!
}
type Shop implements Node {
  id: ID!
  name: String!
  email: String!
  myshopifyDomain: String!
  url: URL!
  ianaTimezone: String!
  timezoneAbbreviation: String!
  currencyCode: CurrencyCode!
  plan: ShopPlan!
}

type LocationAddress { city: String countryCode: String }
type Location implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  isActive: Boolean!
  fulfillsOnlineOrders: Boolean!
  address: LocationAddress!
  createdAt: DateTime!
  updatedAt: DateTime!
  inventoryLevels(${page}, query: String): InventoryLevelConnection!
  inventoryLevel(inventoryItemId: ID!): InventoryLevel
}
${connection("Location")}

type Product implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  vendor: String!
  productType: String!
  status: ProductStatus!
  tags: [String!]!
  createdAt: DateTime!
  updatedAt: DateTime!
  hasOnlyDefaultVariant: Boolean!
  totalInventory: Int!
  tracksInventory: Boolean!
  variants(${page}, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
  variantsCount: Count
}
${connection("Product")}

type ProductVariant implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  displayName: String!
  sku: String
  barcode: String
  price: Money!
  compareAtPrice: Money
  position: Int!
  inventoryQuantity: Int
  createdAt: DateTime!
  updatedAt: DateTime!
  product: Product!
  inventoryItem: InventoryItem!
}
${connection("ProductVariant")}

type InventoryItem implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  unitCost: MoneyV2
  createdAt: DateTime!
  updatedAt: DateTime!
  variant: ProductVariant! @deprecated(reason: "Use \`variants\` instead.")
  variants(first: Int, last: Int, after: String, before: String): ProductVariantConnection
  inventoryLevels(${page}, query: String): InventoryLevelConnection!
  inventoryLevel(locationId: ID!): InventoryLevel
}
${connection("InventoryItem")}

type InventoryQuantity { id: ID! name: String! quantity: Int! updatedAt: DateTime }
type InventoryLevel implements Node {
  id: ID!
  createdAt: DateTime!
  updatedAt: DateTime!
  item: InventoryItem!
  location: Location!
  quantities(names: [String!]!): [InventoryQuantity!]!
}
${connection("InventoryLevel")}

type Order implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  cancelledAt: DateTime
  cancelReason: OrderCancelReason
  closed: Boolean!
  test: Boolean!
  sourceName: String
  currencyCode: CurrencyCode!
  displayFinancialStatus: OrderDisplayFinancialStatus
  retailLocation: Location
  totalPriceSet: MoneyBag!
  subtotalPriceSet: MoneyBag
  lineItems(${page}): LineItemConnection!
  refunds(first: Int): [Refund!]!
}
${connection("Order")}

type LineItem implements Node {
  id: ID!
  name: String!
  title: String!
  variantTitle: String
  sku: String
  vendor: String
  quantity: Int!
  currentQuantity: Int!
  refundableQuantity: Int!
  variant: ProductVariant
  product: Product
  originalUnitPriceSet: MoneyBag!
  discountedUnitPriceSet: MoneyBag!
}
${connection("LineItem")}

type Refund implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  createdAt: DateTime
  updatedAt: DateTime!
  note: String
  order: Order!
  totalRefundedSet: MoneyBag!
  refundLineItems(${page}): RefundLineItemConnection!
}
type RefundLineItem {
  id: ID
  quantity: Int!
  restockType: RefundLineItemRestockType!
  restocked: Boolean!
  lineItem: LineItem!
  location: Location
  priceSet: MoneyBag!
  subtotalSet: MoneyBag!
}
${connection("RefundLineItem")}

type LocationSnapshot { name: String! address: LocationAddress! location: Location snapshottedAt: DateTime! }

type InventoryTransfer implements Node {
  id: ID!
  name: String!
  referenceName: String
  status: InventoryTransferStatus!
  dateCreated: DateTime
  origin: LocationSnapshot
  destination: LocationSnapshot
  totalQuantity: Int!
  receivedQuantity: Int!
  lineItems(${page}, query: String): InventoryTransferLineItemConnection!
  shipments(${page}): InventoryShipmentConnection!
}
${connection("InventoryTransfer")}

type InventoryTransferLineItem implements Node {
  id: ID!
  title: String
  inventoryItem: InventoryItem
  totalQuantity: Int!
  shippedQuantity: Int!
  shippableQuantity: Int!
}
${connection("InventoryTransferLineItem")}

type InventoryShipmentTracking { arrivesAt: DateTime company: String trackingNumber: String trackingUrl: URL }
type InventoryShipment implements Node {
  id: ID!
  name: String!
  status: InventoryShipmentStatus!
  dateCreated: DateTime
  dateShipped: DateTime
  dateReceived: DateTime
  lineItemTotalQuantity: Int!
  totalReceivedQuantity: Int!
  tracking: InventoryShipmentTracking
  lineItems(${page}, query: String, sortKey: ShipmentLineItemSortKeys = ID): InventoryShipmentLineItemConnection
}
${connection("InventoryShipment")}

type InventoryShipmentLineItem implements Node {
  id: ID!
  inventoryItem: InventoryItem
  quantity: Int!
  acceptedQuantity: Int!
  unreceivedQuantity: Int!
}
${connection("InventoryShipmentLineItem")}

type BulkOperation implements Node {
  id: ID!
  status: BulkOperationStatus!
  errorCode: BulkOperationErrorCode
  type: BulkOperationType!
  query: String!
  createdAt: DateTime!
  completedAt: DateTime
  objectCount: UnsignedInt64!
  rootObjectCount: UnsignedInt64!
  fileSize: UnsignedInt64
  url: URL
  partialDataUrl: URL
}
${connection("BulkOperation")}
type BulkOperationUserError {
  field: [String!]
  message: String!
  code: BulkOperationUserErrorCode
}
type AccessScope { description: String! handle: String! }
type AppInstallation implements Node { id: ID! accessScopes: [AccessScope!]! }
type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [UserError!]! }

type QueryRoot {
  shop: Shop!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  location(id: ID): Location
  locations(${page}, sortKey: LocationSortKeys = NAME, query: String, includeInactive: Boolean = false, includeLegacy: Boolean = false): LocationConnection!
  locationsCount(query: String): Count
  product(id: ID!): Product
  products(${page}, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  productsCount(query: String, limit: Int = 10000): Count
  productVariant(id: ID!): ProductVariant
  productVariants(${page}, sortKey: ProductVariantSortKeys = ID, query: String): ProductVariantConnection!
  productVariantsCount(query: String, limit: Int = 10000): Count
  inventoryItem(id: ID!): InventoryItem
  inventoryItems(${page}, query: String): InventoryItemConnection!
  inventoryLevel(id: ID!): InventoryLevel
  inventoryTransfer(id: ID!): InventoryTransfer
  inventoryTransfers(${page}, query: String, savedSearchId: ID, sortKey: TransferSortKeys = ID): InventoryTransferConnection!
  inventoryShipment(id: ID!): InventoryShipment
  order(id: ID!): Order
  orders(${page}, sortKey: OrderSortKeys = PROCESSED_AT, query: String): OrderConnection!
  ordersCount(query: String, limit: Int = 10000): Count
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    @deprecated(reason: "Use \`bulkOperations\` with status filter instead.")
  bulkOperation(id: ID!): BulkOperation
  bulkOperations(${page}, query: String, sortKey: BulkOperationsSortKeys = CREATED_AT): BulkOperationConnection!
  currentAppInstallation: AppInstallation!
}

type Mutation {
  bulkOperationRunQuery(query: String!, groupObjects: Boolean! = false): BulkOperationRunQueryPayload
  bulkOperationCancel(id: ID!): BulkOperationCancelPayload
}
`;
