// Reads what Shopify says is on its way to the shop's locations: open inbound transfers (their
// unshipped part) and their shipments in transit (what is not received yet, with the carrier's
// arrival estimate). One row per document × item × destination, quantities summed.
import { legacyId, type ShopifyAdmin } from "../../infra/shopify-admin.ts";
import {
  INBOUND_SHIPMENT_LINES_QUERY,
  INBOUND_TRANSFER_LINES_QUERY,
  INBOUND_TRANSFERS_QUERY,
  OPEN_TRANSFERS_FILTER,
  type InboundShipmentLine,
  type InboundShipmentLinesData,
  type InboundShipmentNode,
  type InboundTransferLine,
  type InboundTransferLinesData,
  type InboundTransferNode,
  type InboundTransfersData,
} from "../../infra/shopify-queries.ts";

export type InboundRow = {
  source: "transfer" | "shipment";
  documentId: string;
  itemId: string;
  locationId: string; // "0" when the destination is not one of the shop's locations any more
  name: string;
  status: string;
  supplier: string | null;
  quantity: number;
  orderedAt: string | null;
  arrivesAt: string | null;
};

// Shipments whose goods are on the road (drafts are not shipped; received ones have arrived).
const MOVING = new Set(["IN_TRANSIT", "PARTIALLY_RECEIVED"]);

export async function readInbound(
  admin: ShopifyAdmin,
  signal?: AbortSignal,
): Promise<InboundRow[]> {
  const rows = new Map<string, InboundRow>();
  const add = (r: InboundRow) => {
    if (r.quantity <= 0) return;
    const k = `${r.source}:${r.documentId}:${r.itemId}:${r.locationId}`;
    const had = rows.get(k);
    if (had) had.quantity += r.quantity;
    else rows.set(k, r);
  };
  for await (const transfers of admin.pages<InboundTransfersData, InboundTransferNode>(
    INBOUND_TRANSFERS_QUERY,
    (d) => d.inventoryTransfers,
    { variables: { query: OPEN_TRANSFERS_FILTER }, signal },
  )) {
    for (const t of transfers) {
      const locationId = t.destination?.location ? legacyId(t.destination.location.id) : "0";
      const supplier = t.origin?.name ?? null;
      const common = { locationId, supplier, status: t.status };
      for (const line of await transferLines(admin, t, signal)) {
        if (!line.inventoryItem) continue;
        add({
          ...common,
          source: "transfer",
          documentId: legacyId(t.id),
          itemId: legacyId(line.inventoryItem.id),
          name: t.referenceName || t.name,
          quantity: Math.max(0, line.totalQuantity - line.shippedQuantity),
          orderedAt: t.dateCreated ?? null,
          arrivesAt: null,
        });
      }
      for (const shipment of t.shipments.nodes) {
        if (!MOVING.has(shipment.status)) continue;
        for (const line of await shipmentLines(admin, shipment, signal)) {
          if (!line.inventoryItem) continue;
          add({
            ...common,
            source: "shipment",
            documentId: legacyId(shipment.id),
            itemId: legacyId(line.inventoryItem.id),
            name: `${t.referenceName || t.name} · ${shipment.name}`,
            status: shipment.status,
            quantity: Math.max(0, line.unreceivedQuantity),
            orderedAt: shipment.dateShipped ?? shipment.dateCreated ?? t.dateCreated ?? null,
            arrivesAt: shipment.tracking?.arrivesAt ?? null,
          });
        }
      }
    }
  }
  return [...rows.values()];
}

async function transferLines(
  admin: ShopifyAdmin,
  t: InboundTransferNode,
  signal?: AbortSignal,
): Promise<InboundTransferLine[]> {
  const lines = [...t.lineItems.nodes];
  if (!t.lineItems.pageInfo.hasNextPage) return lines;
  let after = t.lineItems.pageInfo.endCursor ?? null;
  while (after) {
    const { data } = await admin.request<InboundTransferLinesData>(INBOUND_TRANSFER_LINES_QUERY, {
      variables: { id: t.id, after },
      signal,
    });
    const page = data.inventoryTransfer?.lineItems;
    if (!page) break;
    lines.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
  }
  return lines;
}

async function shipmentLines(
  admin: ShopifyAdmin,
  s: InboundShipmentNode,
  signal?: AbortSignal,
): Promise<InboundShipmentLine[]> {
  const lines: InboundShipmentLine[] = [];
  for await (const page of admin.pages<InboundShipmentLinesData, InboundShipmentLine>(
    INBOUND_SHIPMENT_LINES_QUERY,
    (d) => d.inventoryShipment?.lineItems,
    { variables: { id: s.id }, signal },
  )) {
    lines.push(...page);
  }
  return lines;
}
