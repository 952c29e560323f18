// Stocky leftovers: suppliers and open purchase orders from a CSV file, validated row by row.
// Every bad row is reported with its line and reason, and then nothing is imported: a file is
// taken whole or not at all. Pure: the dashboard resolves SKUs and writes in one transaction.
//
// Suppliers:       supplier, lead_time_days, review_days, min_order_qty, pack_size, service_level
// Purchase orders: po_number, supplier, sku, quantity, unit_cost, supplier_sku, ordered_on,
//                  expected_on          (one row per line; rows of one po_number form one order)
// Only the first column(s) of each are required (supplier; po_number, supplier, sku, quantity).
// Column names are matched case-insensitively, spaces as underscores, in any order.
import { parseCsv } from "../csv.ts";
import { vendorOverrideSchema, fieldErrors, type VendorOverride } from "../settings.ts";

export type ImportKind = "suppliers" | "purchase_orders";
export type RowError = { line: number; reason: string };

export const SUPPLIER_COLUMNS = [
  "supplier",
  "lead_time_days",
  "review_days",
  "min_order_qty",
  "pack_size",
  "service_level",
] as const;
export const ORDER_COLUMNS = [
  "po_number",
  "supplier",
  "sku",
  "quantity",
  "unit_cost",
  "supplier_sku",
  "ordered_on",
  "expected_on",
] as const;

const REQUIRED: Record<ImportKind, readonly string[]> = {
  suppliers: ["supplier"],
  purchase_orders: ["po_number", "supplier", "sku", "quantity"],
};

export type ImportedOrder = {
  reference: string;
  supplier: string;
  orderedOn: string | null;
  expectedOn: string | null;
  lines: {
    line: number;
    sku: string;
    quantity: number;
    unitCost: number | null;
    supplierSku: string | null;
  }[];
};

export type ParsedImport =
  | { kind: "suppliers"; suppliers: VendorOverride[]; errors: RowError[] }
  | { kind: "purchase_orders"; orders: ImportedOrder[]; errors: RowError[] };

export const MAX_IMPORT_ROWS = 20_000;

function header(rows: string[][], kind: ImportKind): { cols: Map<string, number>; error?: string } {
  const cols = new Map<string, number>();
  (rows[0] ?? []).forEach((h, i) => cols.set(h.trim().toLowerCase().replace(/\s+/g, "_"), i));
  const missing = REQUIRED[kind].filter((c) => !cols.has(c));
  return missing.length
    ? { cols, error: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` }
    : { cols };
}

export function parseImport(kind: ImportKind, text: string): ParsedImport {
  const rows = parseCsv(text);
  const errors: RowError[] = [];
  const h = header(rows, kind);
  const empty: ParsedImport =
    kind === "suppliers" ? { kind, suppliers: [], errors } : { kind, orders: [], errors };
  if (rows.length === 0) return { ...empty, errors: [{ line: 1, reason: "the file is empty" }] };
  if (h.error) return { ...empty, errors: [{ line: 1, reason: h.error }] };
  if (rows.length - 1 > MAX_IMPORT_ROWS)
    return { ...empty, errors: [{ line: 1, reason: `more than ${MAX_IMPORT_ROWS} rows` }] };
  const get = (r: string[], c: string) => {
    const i = h.cols.get(c);
    return i === undefined ? "" : (r[i] ?? "").trim();
  };
  // Line numbers count the header as line 1 (what a spreadsheet shows).
  const body = rows.slice(1).map((r, i) => ({ r, line: i + 2 }));
  const filled = body.filter(({ r }) => r.some((f) => f.trim() !== ""));

  if (kind === "suppliers") {
    const suppliers: VendorOverride[] = [];
    const seen = new Set<string>();
    for (const { r, line } of filled) {
      const parsed = vendorOverrideSchema.safeParse({
        vendor: get(r, "supplier"),
        leadTimeDays: get(r, "lead_time_days"),
        reviewDays: get(r, "review_days"),
        minOrderQty: get(r, "min_order_qty"),
        packSize: get(r, "pack_size"),
        serviceLevel: get(r, "service_level"),
      });
      if (!parsed.success) {
        errors.push({ line, reason: Object.values(fieldErrors(parsed.error)).join("; ") });
        continue;
      }
      const key = parsed.data.vendor.toLowerCase();
      if (seen.has(key)) {
        errors.push({ line, reason: `supplier ${parsed.data.vendor} appears twice` });
        continue;
      }
      seen.add(key);
      suppliers.push(parsed.data);
    }
    return { kind, suppliers, errors };
  }

  const orders = new Map<string, ImportedOrder>();
  for (const { r, line } of filled) {
    const reasons: string[] = [];
    const reference = get(r, "po_number");
    const supplier = get(r, "supplier");
    const sku = get(r, "sku");
    const qtyRaw = get(r, "quantity");
    const costRaw = get(r, "unit_cost");
    const orderedOn = get(r, "ordered_on") || null;
    const expectedOn = get(r, "expected_on") || null;
    if (!reference) reasons.push("po_number is required");
    if (!supplier) reasons.push("supplier is required");
    if (!sku) reasons.push("sku is required");
    if (!/^\d{1,7}$/.test(qtyRaw) || Number(qtyRaw) === 0)
      reasons.push("quantity must be a whole number above 0");
    if (costRaw && !/^\d{1,9}(\.\d{1,4})?$/.test(costRaw))
      reasons.push("unit_cost must be a number like 12.50");
    for (const [name, v] of [
      ["ordered_on", orderedOn],
      ["expected_on", expectedOn],
    ] as const)
      if (v && !isDay(v)) reasons.push(`${name} must be a date like 2026-12-31`);
    const order = orders.get(reference);
    if (order && order.supplier !== supplier)
      reasons.push(`po_number ${reference} has another supplier (${order.supplier}) above`);
    if (order?.lines.some((l) => l.sku === sku))
      reasons.push(`sku ${sku} appears twice in ${reference}`);
    if (reasons.length) {
      errors.push({ line, reason: reasons.join("; ") });
      continue;
    }
    const o = order ?? { reference, supplier, orderedOn, expectedOn, lines: [] };
    o.orderedOn ??= orderedOn;
    o.expectedOn ??= expectedOn;
    o.lines.push({
      line,
      sku,
      quantity: Number(qtyRaw),
      unitCost: costRaw ? Number(costRaw) : null,
      supplierSku: get(r, "supplier_sku") || null,
    });
    orders.set(reference, o);
  }
  return { kind, orders: [...orders.values()], errors };
}

function isDay(v: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
    new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
  );
}
