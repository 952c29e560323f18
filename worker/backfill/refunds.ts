// Last step: the refund lines of returns. A bulk query cannot reach them (a connection inside the
// refunds list), so they come 25 refunds per request, within the cost bucket. They are stored
// for what follows: a refunds/create webhook recomputes a line's refunded quantity from every
// refund line we hold, and without the earlier ones a second return would undo the first.
// Cancelled orders are skipped (their lines count for nothing anyway).
import { withTx, type Tx } from "../../infra/db.ts";
import { legacyId } from "../../infra/shopify-admin.ts";
import {
  REFUND_LINES_BATCH,
  REFUND_LINES_QUERY,
  type RefundLinesData,
  type RefundNode,
} from "../../infra/shopify-queries.ts";
import { refreshDailySales, type SalesCell } from "../apply/daily-sales.ts";
import { markDirty } from "../forecast/recompute.ts";
import type { BackfillContext } from "./context.ts";

export async function refundsStep(ctx: BackfillContext): Promise<void> {
  const { progress } = ctx;
  const cursor = progress.state.refunds ?? { ids: [], next: 0 };
  let lines = 0;
  let withoutId = 0;
  const changed = new Set<string>();
  while (cursor.next < cursor.ids.length) {
    const ids = cursor.ids.slice(cursor.next, cursor.next + REFUND_LINES_BATCH);
    const { data } = await ctx.admin.request<RefundLinesData>(REFUND_LINES_QUERY, {
      variables: { ids: ids.map((id) => `gid://shopify/Refund/${id}`) },
      signal: ctx.signal,
    });
    const rows: RefundLineRow[] = [];
    for (const r of data.nodes as (RefundNode | null)[]) {
      for (const l of r?.refundLineItems.nodes ?? []) {
        // RefundLineItem.id is nullable in Shopify's schema. Without it a later refunds/create
        // could not tell this line from its own; the ledger already counts the refunded quantity
        // (quantity − currentQuantity), so the line is skipped, not guessed.
        if (!l.id) {
          withoutId++;
          continue;
        }
        rows.push({
          id: legacyId(l.id),
          refundId: legacyId(r!.id),
          lineItemId: legacyId(l.lineItem.id),
          quantity: l.quantity,
          createdAt: r!.createdAt ?? new Date().toISOString(),
        });
      }
    }
    lines += rows.length;
    if (rows.length > 0) {
      const variants = await withTx(ctx.db.pool, (tx) => writeRefundLines(tx, ctx.shop.id, rows));
      for (const v of variants) changed.add(v);
    }
    cursor.next += ids.length;
    progress.state.refunds = cursor;
    await ctx.checkpoint();
    await progress.within("refunds", cursor.next / cursor.ids.length);
    await progress.beat();
  }
  // Rarely (an order edited as well as refunded) a refund line says more than the export did:
  // those variants' forecasts, already written, are asked again.
  if (changed.size > 0) {
    await markDirty(ctx.db.pool, ctx.shop.id, [...changed]);
    await ctx.triggerRecompute(ctx.shop.id);
  }
  // The cursor has done its work; keep the run's state small.
  progress.state.refunds = { ids: [], next: 0 };
  progress.stats.refundLines = lines;
  if (withoutId > 0) {
    progress.stats.refundLinesWithoutId = withoutId;
    ctx.log.warn({ shop: ctx.shop.domain, withoutId }, "refund lines without an id were skipped");
  }
}

type RefundLineRow = {
  id: string;
  refundId: string;
  lineItemId: string;
  quantity: number;
  createdAt: string;
};

async function writeRefundLines(tx: Tx, shopId: number, rows: RefundLineRow[]) {
  await tx.query(
    `INSERT INTO refund_lines (shop_id, refund_line_item_id, refund_id, line_item_id, quantity, created_at)
     SELECT $1, r.id, r.refund_id, r.line_item_id, r.quantity, r.created_at
     FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::timestamptz[])
       AS r(id, refund_id, line_item_id, quantity, created_at)
     ON CONFLICT (shop_id, refund_line_item_id) DO NOTHING`,
    [
      shopId,
      rows.map((r) => r.id),
      rows.map((r) => r.refundId),
      rows.map((r) => r.lineItemId),
      rows.map((r) => r.quantity),
      rows.map((r) => r.createdAt),
    ],
  );
  // The ledger already counts quantity − currentQuantity; the refund lines can only add to it.
  const { rows: cells } = await tx.query<SalesCell>(
    `UPDATE order_lines o SET refunded_qty = LEAST(o.quantity, r.qty)
     FROM (SELECT line_item_id, SUM(quantity)::int AS qty FROM refund_lines
           WHERE shop_id = $1 AND line_item_id = ANY($2::bigint[]) GROUP BY line_item_id) r
     WHERE o.shop_id = $1 AND o.line_item_id = r.line_item_id AND o.refunded_qty < LEAST(o.quantity, r.qty)
     RETURNING o.variant_id, o.location_id, to_char(o.day, 'YYYY-MM-DD') AS day`,
    [shopId, [...new Set(rows.map((r) => r.lineItemId))]],
  );
  return refreshDailySales(tx, shopId, cells);
}
