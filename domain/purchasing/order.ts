// A purchase order as the planner builds it: lines rounded to the supplier's terms, totals, and
// the CSV a supplier receives. Pure: app/dashboard/purchase-orders.server.ts loads and stores.
import { csvCell } from "../csv.ts";

export type OrderLine = {
  variantId: string;
  product: string;
  variant: string;
  sku: string | null;
  supplierSku: string | null; // from the last order of this variant from the supplier
  quantity: number;
  unitCost: number | null;
  minOrderQty: number;
  packSize: number;
};

// A quantity the supplier sells: whole packs, at least the minimum; 0 stays 0 (no line).
export function roundToTerms(qty: number, minOrderQty: number, packSize: number): number {
  if (!(qty > 0)) return 0;
  const pack = Math.max(1, packSize);
  return Math.max(Math.ceil(qty / pack - 1e-9) * pack, minOrderQty);
}

export function lineTotal(l: Pick<OrderLine, "quantity" | "unitCost">): number | null {
  return l.unitCost === null ? null : Math.round(l.quantity * l.unitCost * 100) / 100;
}

export function orderTotal(lines: Pick<OrderLine, "quantity" | "unitCost">[]): {
  units: number;
  cost: number;
  unknownCost: number; // lines without a unit cost
} {
  let units = 0;
  let cost = 0;
  let unknownCost = 0;
  for (const l of lines) {
    units += l.quantity;
    const t = lineTotal(l);
    if (t === null) unknownCost++;
    else cost += t;
  }
  return { units, cost: Math.round(cost * 100) / 100, unknownCost };
}

const CSV_COLUMNS: [string, (l: OrderLine) => string | number | null][] = [
  ["supplier_sku", (l) => l.supplierSku],
  ["sku", (l) => l.sku],
  ["product", (l) => l.product],
  ["variant", (l) => l.variant],
  ["quantity", (l) => l.quantity],
  ["unit_cost", (l) => (l.unitCost === null ? null : l.unitCost.toFixed(2))],
  ["line_total", (l) => lineTotal(l)?.toFixed(2) ?? null],
];

export function orderCsv(lines: OrderLine[]): string {
  const head = CSV_COLUMNS.map(([n]) => n).join(",");
  const body = lines.map((l) => CSV_COLUMNS.map(([, get]) => csvCell(get(l))).join(","));
  return [head, ...body].join("\r\n") + "\r\n";
}
