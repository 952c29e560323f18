// CSV export of the current inventory view: the same filters and order as the table, every page,
// streamed in batches so a large shop never sits whole in memory.
import type { Queryable } from "../../infra/db.ts";
import { csvCell } from "../../domain/csv.ts";
import { atRiskRows, loadBounds, type AtRiskRow, type Bounds } from "./at-risk.server.ts";
import type { ShopContext } from "./shop.server.ts";
import type { InventoryQuery } from "./inventory-query.ts";

const BATCH = 2_000;

const COLUMNS: [string, (r: AtRiskRow) => string | number | null][] = [
  ["variant_id", (r) => r.variantId],
  ["product", (r) => r.productTitle],
  ["variant", (r) => r.variantTitle],
  ["sku", (r) => r.sku],
  ["vendor", (r) => r.vendor],
  ["product_type", (r) => r.productType],
  ["severity", (r) => r.severity],
  ["available", (r) => r.available],
  ["location_available", (r) => r.locationAvailable],
  ["units_per_day", (r) => round(r.velocity, 3)],
  ["days_to_stockout", (r) => r.daysToStockout],
  ["stockout_p10", (r) => r.stockoutP10],
  ["stockout_p50", (r) => r.stockoutP50],
  ["stockout_p90", (r) => r.stockoutP90],
  ["revenue_at_risk", (r) => r.revenueAtRisk.toFixed(2)],
  ["reorder_point", (r) => (r.reorderPoint === null ? null : round(r.reorderPoint, 1))],
  ["incoming", (r) => r.incoming],
  ["next_arrival_on", (r) => r.nextArrivalOn],
  ["next_arrival_qty", (r) => r.nextArrivalQty],
  ["p_stockout_before_arrival", (r) => (r.pStockoutGap === null ? null : round(r.pStockoutGap, 3))],
  ["suggested_qty", (r) => r.suggestedQty],
  ["lead_time_days", (r) => r.leadTimeDays],
  ["muted", (r) => (r.muted ? "yes" : "no")],
  ["snoozed_until", (r) => r.snoozedUntil],
];

export function csvHeader(): string {
  return COLUMNS.map(([name]) => name).join(",") + "\r\n";
}

export function csvLine(r: AtRiskRow): string {
  return COLUMNS.map(([, get]) => cell(get(r))).join(",") + "\r\n";
}

// RFC 4180 quoting, formula-safe (domain/csv.ts).
export const cell = csvCell;

export function csvStream(
  db: Queryable,
  shop: Pick<ShopContext, "id" | "today" | "settings">,
  q: InventoryQuery,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 0;
  // Read once for the whole export: every batch then pages through the same candidate set.
  let bounds: Bounds | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!bounds) {
        bounds = await loadBounds(db, shop);
        controller.enqueue(encoder.encode(csvHeader()));
      }
      const { rows } = await atRiskRows(db, shop, q, q, BATCH, offset, false, bounds);
      if (rows.length) controller.enqueue(encoder.encode(rows.map(csvLine).join("")));
      offset += rows.length;
      if (rows.length < BATCH) controller.close();
    },
  });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
