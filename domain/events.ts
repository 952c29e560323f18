// The webhook topics we accept and the part of each payload we keep.
// Parsing strips everything else, which is how we hold no customer personal data: an order keeps
// its id, dates and line quantities/prices, never the customer, addresses, emails or notes.
import { z } from "zod";

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const nullableId = z
  .union([id, z.null()])
  .optional()
  .transform((v) => v ?? null);
const isoDate = z.iso.datetime({ offset: true });
const int32 = z.number().int().min(-2147483648).max(2147483647);
const quantity = z.number().int().nonnegative().max(2147483647);
const money = z
  .union([z.string(), z.number()])
  .transform((v) => Number(v))
  .pipe(z.number().finite());

const inventoryLevel = z.object({
  inventory_item_id: id,
  location_id: id,
  // null when the item does not track inventory at that location.
  available: int32.nullable(),
  updated_at: isoDate,
});

const orderLine = z.object({
  id,
  variant_id: nullableId,
  product_id: nullableId,
  quantity,
  price: money.optional().default(0),
});

const order = z.object({
  id,
  created_at: isoDate,
  cancelled_at: isoDate.nullable().optional(),
  location_id: nullableId,
  line_items: z.array(orderLine),
});

const refund = z.object({
  id,
  order_id: id,
  created_at: isoDate,
  refund_line_items: z.array(
    z.object({
      id,
      line_item_id: id,
      quantity,
    }),
  ),
});

const variant = z.object({
  id,
  title: z.string().default(""),
  sku: z.string().nullable().optional(),
  price: money.nullable().optional(),
  inventory_item_id: nullableId,
  created_at: isoDate.nullable().optional(),
  updated_at: isoDate.nullable().optional(),
});

// inventory_items/create|update: whether Shopify tracks the item's stock, and its unit cost.
const inventoryItem = z.object({
  id,
  tracked: z.boolean(),
  cost: money.nullable().optional(),
  updated_at: isoDate,
});

// locations/create|update: a location that is not active holds no stock we count.
const location = z.object({
  id,
  name: z.string().default(""),
  active: z.boolean(),
  updated_at: isoDate.nullable().optional(),
});

const product = z.object({
  id,
  title: z.string().default(""),
  handle: z.string().nullable().optional(),
  vendor: z.string().nullable().optional(),
  product_type: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  updated_at: isoDate,
  variants: z.array(variant).default([]),
});

// inventory_transfers/* and inventory_shipments/*: which transfer or shipment moved (a GID; the
// tracking topic names it shipment_id). We keep only that: the worker re-reads what is open.
const gidOrId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const inventoryMovement = z
  .object({
    id: gidOrId.optional(),
    shipment_id: gidOrId.optional(),
    inventory_transfer_id: gidOrId.nullable().optional(),
    happened_at: isoDate.nullable().optional(),
  })
  .refine((m) => m.id !== undefined || m.shipment_id !== undefined, {
    message: "id or shipment_id is required",
    path: ["id"],
  });

export const INVENTORY_MOVEMENT_TOPICS = [
  "inventory_transfers/add_items",
  "inventory_transfers/remove_items",
  "inventory_transfers/update_item_quantities",
  "inventory_transfers/ready_to_ship",
  "inventory_transfers/cancel",
  "inventory_transfers/complete",
  "inventory_shipments/create",
  "inventory_shipments/delete",
  "inventory_shipments/add_items",
  "inventory_shipments/remove_items",
  "inventory_shipments/update_item_quantities",
  "inventory_shipments/mark_in_transit",
  "inventory_shipments/update_tracking",
  "inventory_shipments/receive_items",
] as const;
export type InventoryMovementTopic = (typeof INVENTORY_MOVEMENT_TOPICS)[number];

const movementSchemas = Object.fromEntries(
  INVENTORY_MOVEMENT_TOPICS.map((t) => [t, inventoryMovement]),
) as Record<InventoryMovementTopic, typeof inventoryMovement>;

export function isInventoryMovement(topic: string): topic is InventoryMovementTopic {
  return (INVENTORY_MOVEMENT_TOPICS as readonly string[]).includes(topic);
}

export const topicSchemas = {
  ...movementSchemas,
  "inventory_levels/update": inventoryLevel,
  "orders/create": order,
  "orders/cancelled": order,
  "refunds/create": refund,
  "products/create": product,
  "products/update": product,
  "products/delete": z.object({ id }),
  "inventory_items/create": inventoryItem,
  "inventory_items/update": inventoryItem,
  "inventory_items/delete": z.object({ id }),
  "locations/create": location,
  "locations/update": location,
  "locations/delete": z.object({ id }),
  "app/uninstalled": z.object({}),
  "app/scopes_update": z.object({
    previous: z.array(z.string()).default([]),
    current: z.array(z.string()).default([]),
  }),
  "bulk_operations/finish": z.object({
    admin_graphql_api_id: z.string(),
    status: z.string(),
    error_code: z.string().nullable().optional(),
  }),
  "customers/data_request": z.object({
    shop_domain: z.string(),
    orders_requested: z.array(id).default([]),
    data_request: z.object({ id }).optional(),
  }),
  "customers/redact": z.object({
    shop_domain: z.string(),
    orders_to_redact: z.array(id).default([]),
  }),
  "shop/redact": z.object({ shop_domain: z.string() }),
} as const;

export type Topic = keyof typeof topicSchemas;
export type TopicPayload<T extends Topic> = z.output<(typeof topicSchemas)[T]>;
export type InventoryLevelEvent = TopicPayload<"inventory_levels/update">;
export type OrderEvent = TopicPayload<"orders/create">;
export type RefundEvent = TopicPayload<"refunds/create">;
export type ProductEvent = TopicPayload<"products/update">;
export type InventoryItemEvent = TopicPayload<"inventory_items/update">;
export type LocationEvent = TopicPayload<"locations/update">;
export type ScopesUpdateEvent = TopicPayload<"app/scopes_update">;
export type InventoryMovementEvent = z.output<typeof inventoryMovement>;

export const TOPICS = Object.keys(topicSchemas) as Topic[];

// shopify-api reports topics in storage form (INVENTORY_LEVELS_UPDATE); we keep Shopify's
// documented form (inventory_levels/update), which is what operators read in the audit trail.
const storageForm = (t: string) => t.toUpperCase().replace(/[/.]/g, "_");
const byStorageForm = new Map<string, Topic>(TOPICS.map((t) => [storageForm(t), t]));

export function normalizeTopic(raw: string): string {
  return byStorageForm.get(storageForm(raw.trim())) ?? raw.trim().toLowerCase();
}

export function isTopic(t: string): t is Topic {
  return Object.hasOwn(topicSchemas, t);
}

export type ParsedPayload =
  { ok: true; topic: Topic; payload: unknown } | { ok: false; reason: string };

export function parsePayload(topic: string, body: unknown): ParsedPayload {
  if (!isTopic(topic)) return { ok: false, reason: `unsupported topic ${topic}` };
  const result = topicSchemas[topic].safeParse(body);
  if (result.success) return { ok: true, topic, payload: result.data };
  const first = result.error.issues[0];
  const where = first?.path.length ? first.path.join(".") : "body";
  return { ok: false, reason: `${topic}: ${where}: ${first?.message ?? "invalid"}` };
}
