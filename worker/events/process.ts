// Applies one accepted webhook event to Postgres, exactly once: the event row is locked for the
// transaction and marked processed in it, and every handler is idempotent besides.
import type { Db, Tx } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import type {
  InventoryItemEvent,
  InventoryLevelEvent,
  LocationEvent,
  OrderEvent,
  ProductEvent,
  RefundEvent,
  ScopesUpdateEvent,
} from "../../domain/events.ts";
import { withTx } from "../../infra/db.ts";
import { isInventoryMovement } from "../../domain/events.ts";
import {
  applyInventoryEventById,
  applyInventoryLevel,
  lockInventoryItem,
} from "../apply/inventory.ts";
import { applyOrder } from "../apply/orders.ts";
import { applyRefund } from "../apply/refunds.ts";
import { applyProduct, applyProductDelete } from "../apply/products.ts";
import { applyInventoryItem, applyInventoryItemDelete } from "../apply/inventory-items.ts";
import { applyLocation, applyLocationDelete } from "../apply/locations.ts";
import { applyScopesUpdate } from "../apply/scopes.ts";
import { markUninstalled, redactShop } from "../apply/shop-lifecycle.ts";
import { markDirty } from "../forecast/recompute.ts";
import { acknowledgeCustomerRedact, acknowledgeDataRequest } from "../apply/compliance.ts";
import type { ApplyResult, ShopRow } from "../apply/types.ts";

export type EventOutcome =
  | { result: "processed"; shopId: number | null; dirty: number; topic: string }
  | { result: "skipped"; reason: string; topic: string }
  | { result: "already" | "gone"; topic?: string };

type EventRow = { id: string; shop: string; topic: string; status: string; payload: unknown };
type LockedEventRow = EventRow & { triggered_at: Date | null; received_at: Date };

// Hooks for what follows a commit (stopping schedules, waking the backfill); set by the worker.
export type AfterCommit = {
  uninstalled?: (shopId: number, domain: string) => Promise<void>;
  bulkFinished?: (domain: string, payload: unknown) => Promise<void>;
  // A transfer or shipment moved: re-read what is on its way (coalesced per shop).
  inboundChanged?: (shopId: number) => Promise<void>;
};

export async function processEvent(
  db: Db,
  log: Logger,
  eventId: string,
  after: AfterCommit = {},
  // The job's name, when known: other topics skip the inventory hot path's round trip.
  topic?: string,
): Promise<EventOutcome> {
  if (topic === undefined || topic === "inventory_levels/update") {
    const hot = await applyInventoryEventById(db.pool, eventId);
    if (hot.applied)
      return {
        result: "processed",
        shopId: hot.shopId,
        dirty: hot.dirty ? 1 : 0,
        topic: "inventory_levels/update",
      };
  }
  return processInTransaction(db, log, eventId, after);
}

async function processInTransaction(
  db: Db,
  log: Logger,
  eventId: string,
  after: AfterCommit,
): Promise<EventOutcome> {
  let followUp: (() => Promise<void>) | undefined;
  const outcome = await withTx(db.pool, async (tx): Promise<EventOutcome> => {
    const { rows } = await tx.query<LockedEventRow>(
      `SELECT id, shop, topic, status, payload, triggered_at, received_at FROM webhook_events
       WHERE id = $1 FOR UPDATE`,
      [eventId],
    );
    const ev = rows[0];
    if (!ev) return { result: "gone" };
    if (ev.status === "processed" || ev.status === "skipped")
      return { result: "already", topic: ev.topic };

    const done = (status: "processed" | "skipped", error: string | null = null) =>
      tx.query(
        `UPDATE webhook_events SET status = $2, error = $3, processed_at = now(), attempts = attempts + 1 WHERE id = $1`,
        [ev.id, status, error],
      );

    switch (ev.topic) {
      case "shop/redact":
        await redactShop(tx, ev.shop, log);
        return { result: "processed", shopId: null, dirty: 0, topic: ev.topic };
      case "customers/data_request":
        acknowledgeDataRequest(log, ev.shop, ev.payload as { orders_requested: string[] });
        await done("processed");
        return { result: "processed", shopId: null, dirty: 0, topic: ev.topic };
      case "customers/redact":
        acknowledgeCustomerRedact(log, ev.shop, ev.payload as { orders_to_redact: string[] });
        await done("processed");
        return { result: "processed", shopId: null, dirty: 0, topic: ev.topic };
      case "app/uninstalled": {
        const result = await markUninstalled(tx, ev.shop, ev.triggered_at ?? ev.received_at);
        if (result && "stale" in result) {
          await done("skipped", "uninstall older than the current install");
          return {
            result: "skipped",
            reason: "uninstall older than the current install",
            topic: ev.topic,
          };
        }
        await done("processed");
        const shopId = result?.shopId ?? null;
        if (shopId !== null && after.uninstalled)
          followUp = () => after.uninstalled!(shopId, ev.shop);
        return { result: "processed", shopId, dirty: 0, topic: ev.topic };
      }
    }

    const shop = await installedShop(tx, ev.shop);
    if (!shop) {
      await done("skipped", "shop is not installed");
      return { result: "skipped", reason: "shop is not installed", topic: ev.topic };
    }
    const ctx = { tx, shop, log };
    let applied: ApplyResult = { dirtyVariants: [] };
    if (isInventoryMovement(ev.topic)) {
      // Nothing to apply from the body: the sync re-reads every open transfer and shipment.
      if (after.inboundChanged) followUp = () => after.inboundChanged!(shop.id);
      await done("processed");
      return { result: "processed", shopId: shop.id, dirty: 0, topic: ev.topic };
    }
    switch (ev.topic) {
      case "inventory_levels/update": {
        // The hot path left it: no stock figure (untracked), or the shop was installed meanwhile.
        const level = ev.payload as InventoryLevelEvent;
        await lockInventoryItem(tx, shop.id, level.inventory_item_id);
        const dirty = await applyInventoryLevel(tx, shop, ev.id, level);
        return { result: "processed", shopId: shop.id, dirty: dirty ? 1 : 0, topic: ev.topic };
      }
      case "orders/create":
      case "orders/cancelled":
        applied = await applyOrder(ctx, ev.payload as OrderEvent);
        break;
      case "refunds/create":
        applied = await applyRefund(ctx, ev.payload as RefundEvent);
        break;
      case "products/create":
      case "products/update":
        applied = await applyProduct(ctx, ev.payload as ProductEvent);
        break;
      case "products/delete":
        applied = await applyProductDelete(ctx, ev.payload as { id: string });
        break;
      case "inventory_items/create":
      case "inventory_items/update":
        applied = await applyInventoryItem(ctx, ev.payload as InventoryItemEvent);
        break;
      case "inventory_items/delete":
        applied = await applyInventoryItemDelete(ctx, ev.payload as { id: string });
        break;
      case "locations/create":
      case "locations/update":
        applied = await applyLocation(ctx, ev.payload as LocationEvent);
        break;
      case "locations/delete":
        applied = await applyLocationDelete(ctx, ev.payload as { id: string });
        break;
      case "app/scopes_update":
        applied = await applyScopesUpdate(ctx, ev.payload as ScopesUpdateEvent);
        break;
      case "bulk_operations/finish":
        if (after.bulkFinished) followUp = () => after.bulkFinished!(ev.shop, ev.payload);
        break;
      default:
        await done("skipped", `no handler for ${ev.topic}`);
        return { result: "skipped", reason: `no handler for ${ev.topic}`, topic: ev.topic };
    }
    await markDirty(tx, shop.id, applied.dirtyVariants);
    await done("processed");
    return {
      result: "processed",
      shopId: shop.id,
      dirty: applied.dirtyVariants.length,
      topic: ev.topic,
    };
  });
  if (followUp) await followUp();
  return outcome;
}

async function installedShop(tx: Tx, domain: string): Promise<ShopRow | null> {
  const { rows } = await tx.query<ShopRow>(
    `SELECT id, domain, timezone, status FROM shops WHERE domain = $1 AND status = 'installed'`,
    [domain],
  );
  return rows[0] ?? null;
}

// Records a failed attempt where operators look (the audit trail), outside the rolled-back tx.
export async function recordFailure(
  db: Db,
  eventId: string,
  error: string,
  final: boolean,
): Promise<void> {
  await db.pool.query(
    `UPDATE webhook_events SET attempts = attempts + 1, error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END
     WHERE id = $1`,
    [eventId, error.slice(0, 1000), final],
  );
}
