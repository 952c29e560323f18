// Step 4: the order history through one bulk operation (orders with their refunds inline, line
// items as child lines), streamed into the order-line ledger and daily sales batch by batch.
// Online orders name no location (ledger location 0); POS orders name their retail location.
import { withTx } from "../../infra/db.ts";
import { legacyId } from "../../infra/shopify-admin.ts";
import {
  isOrderLine,
  ordersBulkQuery,
  type OrderRecord,
  type OrdersRecord,
} from "../../infra/shopify-queries.ts";
import { backfillBulkOperation } from "./bulk.ts";
import type { BackfillContext } from "./context.ts";
import { writeOrderLines, type OrderLineRow } from "./orders-write.ts";

type OrderHead = { id: string; createdAt: string; cancelledAt: string | null; locationId: string };

// Shopify writes an order's lines right after it; a bounded memory of recent orders is enough.
const REMEMBERED_ORDERS = 50_000;

export async function ordersStep(ctx: BackfillContext): Promise<void> {
  const { progress } = ctx;
  const since = new Date(progress.state.since!);
  const op = await backfillBulkOperation(ctx, ordersBulkQuery(since), "ordersOp");
  const total = progress.state.totals?.orders || Number(op.rootObjectCount) || 1;

  const heads = new Map<string, OrderHead>();
  const refundIds: string[] = [];
  let lines: OrderLineRow[] = [];
  let orders = 0;
  let lineCount = 0;
  let orphans = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const batch = lines;
    lines = [];
    await withTx(ctx.db.pool, (tx) => writeOrderLines(tx, ctx.shop.id, ctx.shop.timezone, batch));
    await ctx.checkpoint();
    await progress.within("orders", orders / total);
  };

  for await (const rec of ctx.admin.bulkRecords<OrdersRecord>(op, ctx.signal)) {
    if (!isOrderLine(rec)) {
      const o = rec as OrderRecord;
      orders++;
      heads.set(o.id, {
        id: legacyId(o.id),
        createdAt: o.createdAt,
        cancelledAt: o.cancelledAt,
        locationId: o.retailLocation ? legacyId(o.retailLocation.id) : "0",
      });
      if (heads.size > REMEMBERED_ORDERS) heads.delete(heads.keys().next().value!);
      // A cancelled order counts for nothing whatever its refunds say; other refunds are
      // returns whose lines the next step fetches.
      if (o.cancelledAt === null) for (const r of o.refunds) refundIds.push(legacyId(r.id));
      continue;
    }
    const head = heads.get(rec.__parentId);
    if (!head) {
      orphans++;
      continue;
    }
    lineCount++;
    lines.push({
      lineItemId: legacyId(rec.id),
      orderId: head.id,
      variantId: rec.variant ? legacyId(rec.variant.id) : null,
      locationId: head.locationId,
      orderedAt: head.createdAt,
      quantity: rec.quantity,
      // What Shopify no longer counts as sold on this line: refunded or removed.
      refunded: rec.quantity - rec.currentQuantity,
      unitPrice: rec.originalUnitPriceSet.shopMoney.amount,
      cancelledAt: head.cancelledAt,
    });
    if (lines.length >= ctx.batchSize) await flush();
  }
  await flush();
  if (orphans > 0)
    ctx.log.warn({ shop: ctx.shop.domain, orphans }, "order lines without their order");
  progress.state.refunds = { ids: refundIds, next: 0 };
  Object.assign(progress.stats, { orders, orderLines: lineCount, refunds: refundIds.length });
}
