// Loads the stock on its way for variants (worker forecasts, dashboard pages) and dates it (domain/incoming): Shopify's
// inbound lines, this app's ordered purchase orders still open, and Shopify's incoming quantity
// per location (what no document read accounts for). One statement per batch.
import type { Queryable } from "./db.ts";
import {
  datedArrivals,
  type DatedArrival,
  type IncomingLine,
  type IncomingSource,
} from "../domain/incoming/arrivals.ts";

type Row = {
  variant_id: string;
  source: IncomingSource | "level";
  name: string;
  quantity: number;
  location_id: string;
  supplier: string | null;
  ordered_on: string | null;
  arrives_on: string | null;
};

export type VariantIncoming = { lines: IncomingLine[]; incomingByLocation: Map<string, number> };

const INCOMING_SQL = `
SELECT v.id::text AS variant_id, x.*
FROM variants v
JOIN LATERAL (
  SELECT il.source, il.name, il.quantity, il.location_id::text AS location_id, il.supplier,
         to_char((il.ordered_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS ordered_on,
         to_char((il.arrives_at AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS arrives_on
  FROM inbound_lines il
  WHERE il.shop_id = $1 AND il.inventory_item_id = v.inventory_item_id AND il.quantity > 0
  UNION ALL
  SELECT 'app_order', COALESCE(po.reference, 'PO-' || po.id), pol.quantity - pol.received_qty,
         po.location_id::text, po.supplier,
         to_char((po.ordered_at AT TIME ZONE $3)::date, 'YYYY-MM-DD'),
         to_char(po.expected_on, 'YYYY-MM-DD')
  FROM purchase_order_lines pol
  JOIN purchase_orders po ON po.shop_id = $1 AND po.id = pol.purchase_order_id
  WHERE pol.shop_id = $1 AND pol.variant_id = v.id AND po.status = 'ordered'
    AND pol.quantity > pol.received_qty
  UNION ALL
  SELECT 'level', '', l.incoming, l.location_id::text, NULL, NULL, NULL
  FROM inventory_levels l
  WHERE l.shop_id = $1 AND l.inventory_item_id = v.inventory_item_id AND l.incoming > 0
) x ON true
WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[])`;

export async function loadIncoming(
  db: Queryable,
  shopId: number,
  variantIds: string[],
  timezone: string,
): Promise<Map<string, VariantIncoming>> {
  const out = new Map<string, VariantIncoming>();
  if (variantIds.length === 0) return out;
  const { rows } = await db.query<Row>({
    name: "incoming-for-variants",
    text: INCOMING_SQL,
    values: [shopId, variantIds, timezone],
  });
  for (const r of rows) {
    let v = out.get(r.variant_id);
    if (!v) out.set(r.variant_id, (v = { lines: [], incomingByLocation: new Map() }));
    if (r.source === "level") {
      v.incomingByLocation.set(r.location_id, r.quantity);
      continue;
    }
    v.lines.push({
      source: r.source,
      name: r.name,
      quantity: r.quantity,
      locationId: r.location_id,
      supplier: r.supplier,
      orderedOn: r.ordered_on,
      arrivesOn: r.arrives_on,
    });
  }
  return out;
}

// Suppliers' own lead times (the suppliers page), by name.
export async function loadSupplierLeadTimes(
  db: Queryable,
  shopId: number,
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ vendor: string; lead: number }>(
    `SELECT vendor, lead_time_days AS lead FROM vendor_overrides
     WHERE shop_id = $1 AND lead_time_days IS NOT NULL`,
    [shopId],
  );
  return new Map(rows.map((r) => [r.vendor, r.lead]));
}

export function datedFor(
  incoming: VariantIncoming | undefined,
  today: string,
  leadTimeDays: number,
  suppliers: Map<string, number>,
): DatedArrival[] {
  if (!incoming) return [];
  return datedArrivals(incoming.lines, incoming.incomingByLocation, {
    today,
    leadTimeDays,
    supplierLeadTime: (s) => suppliers.get(s) ?? null,
  });
}
