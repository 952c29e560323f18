// Step 4: the order history through one bulk operation (orders with their refunds inline, line
// items as child lines), streamed into the order-line ledger and daily sales batch by batch.
// The export is ungrouped: a line may come before or after its order, anywhere in the file, so
// orders are staged and lines joined with them in Postgres (orders-staging.ts), never in memory.
// Online orders name no location (ledger location 0); POS orders name their retail location.
import { withTx, type Tx } from "../../infra/db.ts";
import { legacyId } from "../../infra/shopify-admin.ts";
import {
  isOrderLine,
  ordersBulkQuery,
  type OrderRecord,
  type OrdersRecord,
} from "../../infra/shopify-queries.ts";
import { backfillBulkOperation } from "./bulk.ts";
import type { BackfillContext } from "./context.ts";
import { refreshWindowSales, writeOrderLines, type OrderLineRow } from "./orders-write.ts";
import {
  clearStaging,
  joinOrStage,
  stageOrders,
  takeJoinable,
  type LooseLine,
  type OrderHead,
} from "./orders-staging.ts";

const SALES_VARIANTS_PER_STATEMENT = 250;

export async function ordersStep(ctx: BackfillContext): Promise<void> {
  const { progress } = ctx;
  const since = new Date(progress.state.since!);
  const op = await backfillBulkOperation(ctx, ordersBulkQuery(since), "ordersOp");
  const total = progress.state.totals?.orders || Number(op.rootObjectCount) || 1;
  const write = (tx: Tx, rows: OrderLineRow[]) =>
    writeOrderLines(tx, ctx.shop.id, ctx.shop.timezone, rows);

  const refundIds: string[] = [];
  let heads: OrderHead[] = [];
  let lines: LooseLine[] = [];
  let orders = 0;
  let lineCount = 0;
  let waited = 0;
  // Orders first: a line of this batch whose order is in it too is joined at once.
  const flush = async () => {
    if (heads.length + lines.length === 0) return;
    const [h, l] = [heads, lines];
    heads = [];
    lines = [];
    await withTx(ctx.db.pool, async (tx) => {
      await stageOrders(tx, ctx.shop.id, h);
      const { ready, waiting } = await joinOrStage(tx, ctx.shop.id, l);
      waited += waiting;
      await write(tx, ready);
    });
    await ctx.checkpoint();
    await progress.within("orders", orders / total);
  };

  for await (const rec of ctx.admin.bulkRecords<OrdersRecord>(op, ctx.signal)) {
    if (isOrderLine(rec)) {
      lineCount++;
      lines.push({
        lineItemId: legacyId(rec.id),
        orderId: legacyId(rec.__parentId),
        variantId: rec.variant ? legacyId(rec.variant.id) : null,
        quantity: rec.quantity,
        // What Shopify no longer counts as sold on this line: refunded or removed.
        refunded: rec.quantity - rec.currentQuantity,
        unitPrice: rec.originalUnitPriceSet.shopMoney.amount,
      });
    } else {
      const o = rec as OrderRecord;
      orders++;
      heads.push({
        orderId: legacyId(o.id),
        orderedAt: o.createdAt,
        cancelledAt: o.cancelledAt ?? null,
        locationId: o.retailLocation ? legacyId(o.retailLocation.id) : "0",
      });
      // A cancelled order counts for nothing whatever its refunds say; other refunds are
      // returns whose lines the refunds step fetches.
      if (!o.cancelledAt) for (const r of o.refunds) refundIds.push(legacyId(r.id));
    }
    if (heads.length + lines.length >= ctx.batchSize) await flush();
  }
  await flush();

  // The lines that came before their order, now that every order is staged.
  for (;;) {
    const joined = await withTx(ctx.db.pool, async (tx) => {
      const rows = await takeJoinable(tx, ctx.shop.id, ctx.batchSize);
      await write(tx, rows);
      return rows.length;
    });
    if (joined === 0) break;
    await ctx.checkpoint();
  }
  const orphans = await withTx(ctx.db.pool, (tx) => clearStaging(tx, ctx.shop.id));
  // Every line is in: the window's daily sales, a few hundred variants a statement.
  for (let after: string | null = "0"; after !== null;) {
    const from: string = after;
    after = await withTx(ctx.db.pool, (tx) =>
      refreshWindowSales(
        tx,
        ctx.shop.id,
        progress.state.sinceDay!,
        from,
        SALES_VARIANTS_PER_STATEMENT,
      ),
    );
    await ctx.checkpoint();
  }
  if (orphans > 0)
    ctx.log.warn({ shop: ctx.shop.domain, orphans }, "order lines without their order");
  progress.state.refunds = { ids: refundIds, next: 0 };
  Object.assign(progress.stats, {
    orders,
    orderLines: lineCount - orphans,
    orderLinesBeforeTheirOrder: waited,
    refunds: refundIds.length,
  });
}
