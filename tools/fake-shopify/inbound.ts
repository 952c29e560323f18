// Stock on its way in the simulated shop: every pending restock is one of Shopify's three ways
// of bringing stock in, chosen by its purchase order number so a seed always gives the same mix:
// - a purchase order (not readable in 2026-10: it only raises the level's "incoming" quantity);
// - an inbound transfer from the supplier, shipped, with a carrier's arrival date (tracking);
// - an inbound transfer ready to ship, not shipped yet (no date but when it was ordered).
// Receiving it completes the transfer. Each change raises the webhooks Shopify sends.
import type { PendingRestock } from "./generate.ts";
import { levelKey } from "./model.ts";

export type InboundKind = "purchase_order" | "shipped" | "unshipped";

export function inboundKind(ref: number): InboundKind {
  return (["purchase_order", "shipped", "unshipped"] as const)[ref % 3]!;
}

export type TransferStatus = "DRAFT" | "READY_TO_SHIP" | "IN_PROGRESS" | "TRANSFERRED" | "CANCELED";
export type ShipmentStatus = "DRAFT" | "IN_TRANSIT" | "PARTIALLY_RECEIVED" | "RECEIVED";

export type TransferLine = {
  id: number;
  inventoryItemId: number;
  quantity: number;
  shipped: number;
};

export type ShipmentLine = {
  id: number;
  inventoryItemId: number;
  quantity: number;
  received: number;
};

export type InventoryShipment = {
  id: number;
  transferId: number;
  name: string;
  status: ShipmentStatus;
  createdAt: number;
  shippedAt: number | null;
  receivedAt: number | null;
  arrivesAt: number | null; // the carrier's estimate
  trackingNumber: string | null;
  company: string | null;
  lines: ShipmentLine[];
};

export type InventoryTransfer = {
  id: number;
  name: string;
  status: TransferStatus;
  originName: string; // the supplier
  destinationLocationId: number;
  createdAt: number;
  updatedAt: number;
  lines: TransferLine[];
  shipments: InventoryShipment[];
};

export type InboundTopic =
  | "inventory_transfers/ready_to_ship"
  | "inventory_transfers/complete"
  | "inventory_shipments/create"
  | "inventory_shipments/mark_in_transit"
  | "inventory_shipments/update_tracking"
  | "inventory_shipments/receive_items";

export type InboundEvent = {
  topic: InboundTopic;
  at: number;
  transfer: InventoryTransfer;
  shipment: InventoryShipment | null;
};

export class InboundBook {
  readonly transfers: InventoryTransfer[] = [];
  readonly transfersById = new Map<number, InventoryTransfer>();
  readonly shipmentsById = new Map<number, InventoryShipment>();
  private readonly incoming = new Map<string, number>();
  private readonly byRef = new Map<number, InventoryTransfer>();

  /** Units on their way to a level (every kind), Shopify's "incoming" quantity. */
  incomingAt(inventoryItemId: number, locationId: number): number {
    return this.incoming.get(levelKey(inventoryItemId, locationId)) ?? 0;
  }

  /** A restock is ordered from `supplier`; returns the events it raises. */
  order(restock: PendingRestock, supplier: string): InboundEvent[] {
    const k = levelKey(restock.inventoryItemId, restock.locationId);
    this.incoming.set(k, (this.incoming.get(k) ?? 0) + restock.quantity);
    const kind = inboundKind(restock.ref);
    if (kind === "purchase_order") return [];
    const at = restock.orderedAt;
    const shipped = kind === "shipped";
    const transfer: InventoryTransfer = {
      id: restock.ref,
      name: `#T${String(restock.ref % 100_000).padStart(5, "0")}`,
      status: shipped ? "IN_PROGRESS" : "READY_TO_SHIP",
      originName: supplier,
      destinationLocationId: restock.locationId,
      createdAt: at,
      updatedAt: at,
      lines: [
        {
          id: restock.ref * 10 + 1,
          inventoryItemId: restock.inventoryItemId,
          quantity: restock.quantity,
          shipped: shipped ? restock.quantity : 0,
        },
      ],
      shipments: [],
    };
    this.transfers.push(transfer);
    this.transfersById.set(transfer.id, transfer);
    this.byRef.set(restock.ref, transfer);
    const events: InboundEvent[] = [
      { topic: "inventory_transfers/ready_to_ship", at, transfer, shipment: null },
    ];
    if (shipped) {
      const shipment = this.ship(transfer, restock, at);
      events.push(
        { topic: "inventory_shipments/create", at, transfer, shipment },
        { topic: "inventory_shipments/mark_in_transit", at, transfer, shipment },
      );
    }
    return events;
  }

  /** The carrier's new estimate for a shipment (an order expedited, or late). */
  updateTracking(shipmentId: number, arrivesAt: number, at: number): InboundEvent[] {
    const shipment = this.shipmentsById.get(shipmentId);
    const transfer = shipment && this.transfersById.get(shipment.transferId);
    if (!shipment || !transfer) throw new Error(`unknown shipment ${shipmentId}`);
    shipment.arrivesAt = arrivesAt;
    return [{ topic: "inventory_shipments/update_tracking", at, transfer, shipment }];
  }

  /** The restock arrives and is received in full. */
  receive(restock: PendingRestock, at: number): InboundEvent[] {
    const k = levelKey(restock.inventoryItemId, restock.locationId);
    this.incoming.set(k, Math.max(0, (this.incoming.get(k) ?? 0) - restock.quantity));
    const transfer = this.byRef.get(restock.ref);
    if (!transfer) return [];
    this.byRef.delete(restock.ref);
    const events: InboundEvent[] = [];
    let shipment = transfer.shipments[0];
    if (!shipment) {
      // Shipped and received the same day, no tracking given.
      shipment = this.ship(transfer, restock, at, false);
      for (const l of transfer.lines) l.shipped = l.quantity;
    }
    for (const l of shipment.lines) l.received = l.quantity;
    shipment.status = "RECEIVED";
    shipment.receivedAt = at;
    transfer.status = "TRANSFERRED";
    transfer.updatedAt = at;
    events.push(
      { topic: "inventory_shipments/receive_items", at, transfer, shipment },
      { topic: "inventory_transfers/complete", at, transfer, shipment: null },
    );
    return events;
  }

  private ship(
    transfer: InventoryTransfer,
    restock: PendingRestock,
    at: number,
    tracked = true,
  ): InventoryShipment {
    const shipment: InventoryShipment = {
      id: restock.ref * 10 + 3,
      transferId: transfer.id,
      name: `${transfer.name}-1`,
      status: "IN_TRANSIT",
      createdAt: at,
      shippedAt: at,
      receivedAt: null,
      arrivesAt: tracked ? restock.at : null,
      trackingNumber: tracked ? `1Z${String(restock.ref).padStart(16, "0")}` : null,
      company: tracked ? "UPS" : null,
      lines: transfer.lines.map((l) => ({
        id: l.id + 1,
        inventoryItemId: l.inventoryItemId,
        quantity: l.quantity,
        received: 0,
      })),
    };
    transfer.shipments.push(shipment);
    this.shipmentsById.set(shipment.id, shipment);
    return shipment;
  }
}
