// Joins the lines of an ungrouped orders export with their orders, whatever order they come in.
// Since 2026-01 a bulk export writes a parent and its children in no particular order (unless
// groupObjects: true, which Shopify advises against: slower, more timeouts). Orders are staged in
// backfill_orders as they stream by; each batch of lines is joined with every order staged so far
// and written to the ledger, and lines whose order has not come yet wait in backfill_order_lines
// until the end of the export. Memory stays at one batch however the file is shuffled.
import type { Tx } from "../../infra/db.ts";
import type { OrderLineRow } from "./orders-write.ts";

export type OrderHead = {
  orderId: string;
  orderedAt: string;
  cancelledAt: string | null;
  locationId: string; // "0": not known (online orders)
};

/** A line as the export gives it: everything but what it inherits from its order. */
export type LooseLine = Omit<OrderLineRow, "orderedAt" | "cancelledAt" | "locationId">;

export async function stageOrders(tx: Tx, shopId: number, heads: OrderHead[]): Promise<void> {
  if (heads.length === 0) return;
  await tx.query(
    `INSERT INTO backfill_orders AS b (shop_id, order_id, ordered_at, cancelled_at, location_id)
     SELECT $1, x.id, x.at, x.cancelled, x.loc
     FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::bigint[]) AS x(id, at, cancelled, loc)
     ON CONFLICT (shop_id, order_id) DO UPDATE
       SET ordered_at = EXCLUDED.ordered_at, cancelled_at = EXCLUDED.cancelled_at,
           location_id = EXCLUDED.location_id, staged_at = now()`,
    [
      shopId,
      heads.map((h) => h.orderId),
      heads.map((h) => h.orderedAt),
      heads.map((h) => h.cancelledAt),
      heads.map((h) => h.locationId),
    ],
  );
}

type Joined = {
  line_item_id: string;
  ordered_at: Date | null;
  cancelled_at: Date | null;
  location_id: string | null;
};

/** Lines whose order is staged become ledger rows; the others are staged to wait for it. */
export async function joinOrStage(
  tx: Tx,
  shopId: number,
  lines: LooseLine[],
): Promise<{ ready: OrderLineRow[]; waiting: number }> {
  if (lines.length === 0) return { ready: [], waiting: 0 };
  const { rows } = await tx.query<Joined>(
    `SELECT x.line_item_id::text, o.ordered_at, o.cancelled_at, o.location_id::text
     FROM unnest($2::bigint[], $3::bigint[]) AS x(line_item_id, order_id)
     LEFT JOIN backfill_orders o ON o.shop_id = $1 AND o.order_id = x.order_id`,
    [shopId, lines.map((l) => l.lineItemId), lines.map((l) => l.orderId)],
  );
  const heads = new Map(rows.map((r) => [r.line_item_id, r]));
  const ready: OrderLineRow[] = [];
  const waiting: LooseLine[] = [];
  for (const l of lines) {
    const h = heads.get(l.lineItemId);
    if (h?.ordered_at) ready.push(withOrder(l, h));
    else waiting.push(l);
  }
  if (waiting.length > 0) {
    await tx.query(
      `INSERT INTO backfill_order_lines (shop_id, line_item_id, order_id, variant_id, quantity, refunded, unit_price)
       SELECT $1, x.id, x.order_id, x.variant_id, x.quantity, x.refunded, x.price
       FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::numeric[])
         AS x(id, order_id, variant_id, quantity, refunded, price)
       ON CONFLICT (shop_id, line_item_id) DO UPDATE
         SET quantity = EXCLUDED.quantity, refunded = EXCLUDED.refunded, staged_at = now()`,
      [
        shopId,
        waiting.map((l) => l.lineItemId),
        waiting.map((l) => l.orderId),
        waiting.map((l) => l.variantId),
        waiting.map((l) => l.quantity),
        waiting.map((l) => l.refunded),
        waiting.map((l) => l.unitPrice),
      ],
    );
  }
  return { ready, waiting: waiting.length };
}

/**
 * After the export: up to `limit` waiting lines whose order has arrived, taken out of staging as
 * ledger rows. An empty answer means none are left that can be joined.
 */
export async function takeJoinable(tx: Tx, shopId: number, limit: number): Promise<OrderLineRow[]> {
  const { rows } = await tx.query<
    Joined & {
      order_id: string;
      variant_id: string | null;
      quantity: number;
      refunded: number;
      unit_price: string;
    }
  >(
    `DELETE FROM backfill_order_lines l USING backfill_orders o
     WHERE l.shop_id = $1 AND o.shop_id = $1 AND o.order_id = l.order_id
       AND l.line_item_id IN (
         SELECT w.line_item_id FROM backfill_order_lines w
         JOIN backfill_orders h ON h.shop_id = w.shop_id AND h.order_id = w.order_id
         WHERE w.shop_id = $1 ORDER BY w.line_item_id LIMIT $2)
     RETURNING l.line_item_id::text, l.order_id::text, l.variant_id::text, l.quantity, l.refunded,
               l.unit_price::text, o.ordered_at, o.cancelled_at, o.location_id::text`,
    [shopId, limit],
  );
  return rows.map((r) =>
    withOrder(
      {
        lineItemId: r.line_item_id,
        orderId: r.order_id,
        variantId: r.variant_id,
        quantity: r.quantity,
        refunded: r.refunded,
        unitPrice: r.unit_price,
      },
      r,
    ),
  );
}

/** Empties the shop's staging; returns how many lines never met their order. */
export async function clearStaging(tx: Tx, shopId: number): Promise<number> {
  const orphans = await tx.query(`DELETE FROM backfill_order_lines WHERE shop_id = $1`, [shopId]);
  await tx.query(`DELETE FROM backfill_orders WHERE shop_id = $1`, [shopId]);
  return orphans.rowCount ?? 0;
}

function withOrder(l: LooseLine, h: Joined): OrderLineRow {
  return {
    ...l,
    orderedAt: h.ordered_at!.toISOString(),
    cancelledAt: h.cancelled_at?.toISOString() ?? null,
    locationId: h.location_id ?? "0",
  };
}
