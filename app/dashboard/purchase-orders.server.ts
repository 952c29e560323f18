// The reorder planner's purchase orders: drafts per supplier built from the forecasts'
// suggestions, edited, marked ordered (then they are stock on its way: infra/incoming.ts dates
// them from the expected date, else ordered + the supplier's lead time) and received or
// cancelled. Every statement is scoped to the shop; ids from the browser only ever select this
// shop's rows.
import { withTx, type Queryable, type Tx } from "../../infra/db.ts";
import type pg from "pg";
import { roundToTerms, type OrderLine } from "../../domain/purchasing/order.ts";

export type OrderStatus = "draft" | "ordered" | "received" | "cancelled";

export type SupplierSuggestion = {
  supplier: string;
  variants: number;
  units: number;
  cost: number; // at known unit costs
  draftId: string | null; // an open draft for this supplier, if any
};

export type PurchaseOrderSummary = {
  id: string;
  supplier: string;
  status: OrderStatus;
  reference: string | null;
  source: string;
  lines: number;
  units: number;
  cost: number;
  orderedAt: string | null;
  expectedOn: string | null;
  createdAt: string;
};

export type PurchaseOrderDetail = PurchaseOrderSummary & {
  currency: string;
  note: string | null;
  locationId: string;
  orderLines: OrderLine[];
};

// Variants with something to reorder, their supplier (the product's vendor), its terms and
// the last supplier SKU it was ordered under.
const SUGGESTIONS = `
  SELECT v.id::text AS variant_id, p.title AS product, v.title AS variant, v.sku,
         COALESCE(NULLIF(p.vendor, ''), 'No vendor') AS supplier, f.suggested_qty AS quantity,
         i.unit_cost::float8 AS unit_cost,
         COALESCE(vo.min_order_qty, vd.min_order_qty, 0) AS min_order_qty,
         COALESCE(vo.pack_size, vd.pack_size, 1) AS pack_size,
         (SELECT pol.supplier_sku FROM purchase_order_lines pol
          JOIN purchase_orders po ON po.id = pol.purchase_order_id AND po.shop_id = $1
          WHERE pol.shop_id = $1 AND pol.variant_id = v.id AND pol.supplier_sku IS NOT NULL
          ORDER BY po.created_at DESC LIMIT 1) AS supplier_sku
  FROM forecasts f
  JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id AND v.deleted_at IS NULL
  JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id AND p.deleted_at IS NULL
  LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
  LEFT JOIN variant_overrides vo ON vo.shop_id = v.shop_id AND vo.variant_id = v.id
  LEFT JOIN vendor_overrides vd ON vd.shop_id = v.shop_id AND vd.vendor = p.vendor
  WHERE f.shop_id = $1 AND f.tracked AND f.suggested_qty > 0
    AND NOT COALESCE(vo.muted, false) AND NOT COALESCE(vd.muted, false)`;

export async function supplierSuggestions(
  db: Queryable,
  shopId: number,
): Promise<SupplierSuggestion[]> {
  const { rows } = await db.query<{
    supplier: string;
    variants: number;
    units: number;
    cost: number;
    draft_id: string | null;
  }>(
    `SELECT s.supplier, count(*)::int AS variants, sum(s.quantity)::int AS units,
            COALESCE(sum(s.quantity * s.unit_cost), 0)::float8 AS cost,
            (SELECT id::text FROM purchase_orders po WHERE po.shop_id = $1 AND po.supplier = s.supplier
               AND po.status = 'draft' ORDER BY po.id DESC LIMIT 1) AS draft_id
     FROM (${SUGGESTIONS}) s GROUP BY s.supplier ORDER BY cost DESC, s.supplier`,
    [shopId],
  );
  return rows.map((r) => ({
    supplier: r.supplier,
    variants: r.variants,
    units: r.units,
    cost: Math.round(r.cost * 100) / 100,
    draftId: r.draft_id,
  }));
}

// A new draft for the supplier, one line per variant with a suggestion. Returns its id.
export async function createDraft(
  db: pg.Pool,
  shopId: number,
  supplier: string,
  currency: string,
): Promise<string | null> {
  return withTx(db, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO purchase_orders (shop_id, supplier, status, currency, source)
       VALUES ($1, $2, 'draft', $3, 'planner') RETURNING id::text`,
      [shopId, supplier, currency],
    );
    const id = rows[0]!.id;
    const lines = await tx.query(
      `INSERT INTO purchase_order_lines (shop_id, purchase_order_id, variant_id, sku, supplier_sku, quantity, unit_cost)
       SELECT $1, $3::bigint, s.variant_id::bigint, s.sku, s.supplier_sku, s.quantity, s.unit_cost
       FROM (${SUGGESTIONS}) s WHERE s.supplier = $2`,
      [shopId, supplier, id],
    );
    if (!lines.rowCount) {
      await tx.query(`DELETE FROM purchase_orders WHERE shop_id = $1 AND id = $2`, [shopId, id]);
      return null;
    }
    return id;
  });
}

export async function listOrders(db: Queryable, shopId: number): Promise<PurchaseOrderSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE po.shop_id = $1 GROUP BY po.id ORDER BY po.id DESC LIMIT 200`,
    [shopId],
  );
  return rows.map(toSummary);
}

const SUMMARY_SELECT = `
  SELECT po.id::text, po.supplier, po.status, po.reference, po.source, po.currency, po.note,
         po.location_id::text AS location_id, po.created_at,
         po.ordered_at, to_char(po.expected_on, 'YYYY-MM-DD') AS expected_on,
         count(pol.variant_id)::int AS lines, COALESCE(sum(pol.quantity), 0)::int AS units,
         COALESCE(sum(pol.quantity * pol.unit_cost), 0)::float8 AS cost
  FROM purchase_orders po
  LEFT JOIN purchase_order_lines pol ON pol.shop_id = po.shop_id AND pol.purchase_order_id = po.id`;

type SummaryRow = {
  id: string;
  supplier: string;
  status: OrderStatus;
  reference: string | null;
  source: string;
  currency: string;
  note: string | null;
  location_id: string;
  created_at: Date;
  ordered_at: Date | null;
  expected_on: string | null;
  lines: number;
  units: number;
  cost: number;
};

function toSummary(r: SummaryRow): PurchaseOrderSummary {
  return {
    id: r.id,
    supplier: r.supplier,
    status: r.status,
    reference: r.reference,
    source: r.source,
    lines: r.lines,
    units: r.units,
    cost: Math.round(r.cost * 100) / 100,
    orderedAt: r.ordered_at?.toISOString() ?? null,
    expectedOn: r.expected_on,
    createdAt: r.created_at.toISOString(),
  };
}

export async function loadOrder(
  db: Queryable,
  shopId: number,
  id: string,
): Promise<PurchaseOrderDetail | null> {
  if (!/^\d{1,19}$/.test(id)) return null;
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY_SELECT} WHERE po.shop_id = $1 AND po.id = $2::bigint GROUP BY po.id`,
    [shopId, id],
  );
  const r = rows[0];
  if (!r) return null;
  const lines = await db.query<{
    variant_id: string;
    product: string | null;
    variant: string | null;
    sku: string | null;
    supplier_sku: string | null;
    quantity: number;
    unit_cost: number | null;
    min_order_qty: number;
    pack_size: number;
  }>(
    `SELECT pol.variant_id::text, p.title AS product, v.title AS variant, COALESCE(v.sku, pol.sku) AS sku,
            pol.supplier_sku, pol.quantity, pol.unit_cost::float8 AS unit_cost,
            COALESCE(vo.min_order_qty, vd.min_order_qty, 0) AS min_order_qty,
            COALESCE(vo.pack_size, vd.pack_size, 1) AS pack_size
     FROM purchase_order_lines pol
     LEFT JOIN variants v ON v.shop_id = pol.shop_id AND v.id = pol.variant_id
     LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     LEFT JOIN variant_overrides vo ON vo.shop_id = pol.shop_id AND vo.variant_id = pol.variant_id
     LEFT JOIN vendor_overrides vd ON vd.shop_id = pol.shop_id AND vd.vendor = $3
     WHERE pol.shop_id = $1 AND pol.purchase_order_id = $2::bigint
     ORDER BY p.title, v.title`,
    [shopId, id, r.supplier],
  );
  return {
    ...toSummary(r),
    currency: r.currency,
    note: r.note,
    locationId: r.location_id,
    orderLines: lines.rows.map((l) => ({
      variantId: l.variant_id,
      product: l.product ?? "Deleted product",
      variant: l.variant ?? "",
      sku: l.sku,
      supplierSku: l.supplier_sku,
      quantity: l.quantity,
      unitCost: l.unit_cost,
      minOrderQty: l.min_order_qty,
      packSize: l.pack_size,
    })),
  };
}

export type LineEdit = { variantId: string; quantity: number; supplierSku: string | null };

// A draft's quantities as edited: rounded to the supplier's terms, 0 removes the line.
export async function saveDraftLines(
  db: pg.Pool,
  shopId: number,
  id: string,
  edits: LineEdit[],
): Promise<boolean> {
  const order = await loadOrder(db, shopId, id);
  if (!order || order.status !== "draft") return false;
  const terms = new Map(order.orderLines.map((l) => [l.variantId, l]));
  const kept = edits.filter((e) => terms.has(e.variantId));
  await withTx(db, async (tx) => {
    for (const e of kept) {
      const t = terms.get(e.variantId)!;
      const qty = roundToTerms(e.quantity, t.minOrderQty, t.packSize);
      if (qty === 0)
        await tx.query(
          `DELETE FROM purchase_order_lines WHERE shop_id = $1 AND purchase_order_id = $2 AND variant_id = $3`,
          [shopId, id, e.variantId],
        );
      else
        await tx.query(
          `UPDATE purchase_order_lines SET quantity = $4, supplier_sku = $5
           WHERE shop_id = $1 AND purchase_order_id = $2 AND variant_id = $3`,
          [shopId, id, e.variantId, qty, e.supplierSku],
        );
    }
    await touch(tx, shopId, id);
  });
  return true;
}

// Ordered: from now on its lines are stock on its way, dated `expectedOn` when given.
export async function markOrdered(
  db: pg.Pool,
  shopId: number,
  id: string,
  expectedOn: string | null,
  reference: string | null,
): Promise<boolean> {
  return transition(db, shopId, id, ["draft"], "ordered", {
    set: `ordered_at = now(), expected_on = $3::date, reference = COALESCE($4, reference)`,
    values: [expectedOn, reference],
  });
}

// Received in full. This records the arrival for the projections; the stock itself comes in
// through Shopify (receiving there raises the levels, which the webhooks bring). Issue 13's stock
// writes (inventoryAdjustQuantities) are the seam for receiving into Shopify from here.
export async function markReceived(db: pg.Pool, shopId: number, id: string): Promise<boolean> {
  return transition(db, shopId, id, ["ordered"], "received", {
    set: `received_at = now()`,
    values: [],
    lines: `UPDATE purchase_order_lines SET received_qty = quantity WHERE shop_id = $1 AND purchase_order_id = $2`,
  });
}

export async function cancelOrder(db: pg.Pool, shopId: number, id: string): Promise<boolean> {
  return transition(db, shopId, id, ["draft", "ordered"], "cancelled", { set: "", values: [] });
}

async function transition(
  db: pg.Pool,
  shopId: number,
  id: string,
  from: OrderStatus[],
  to: OrderStatus,
  o: { set: string; values: unknown[]; lines?: string },
): Promise<boolean> {
  if (!/^\d{1,19}$/.test(id)) return false;
  return withTx(db, async (tx) => {
    const r = await tx.query(
      `UPDATE purchase_orders SET status = '${to}', updated_at = now()${o.set ? `, ${o.set}` : ""}
       WHERE shop_id = $1 AND id = $2::bigint AND status = ANY('{${from.join(",")}}'::text[])`,
      [shopId, id, ...o.values],
    );
    if (!r.rowCount) return false;
    if (o.lines) await tx.query(o.lines, [shopId, id]);
    // Stock on its way changed for these variants: recompute them (the sweeper picks them up).
    await tx.query(
      `INSERT INTO forecast_dirty (shop_id, variant_id)
       SELECT $1, variant_id FROM purchase_order_lines WHERE shop_id = $1 AND purchase_order_id = $2
       ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
      [shopId, id],
    );
    return true;
  });
}

async function touch(tx: Tx, shopId: number, id: string) {
  await tx.query(`UPDATE purchase_orders SET updated_at = now() WHERE shop_id = $1 AND id = $2`, [
    shopId,
    id,
  ]);
}
