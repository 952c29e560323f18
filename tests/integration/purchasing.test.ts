// Suppliers, the reorder planner and the Stocky import against a backfilled simulated shop and
// the running worker: a supplier's lead time moves the projections of its orders on their way; a
// planner draft is rounded to the supplier's pack size and, once ordered, is netted as stock on
// its way; an import file with bad rows writes nothing and says which lines and why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  startStoreAndStack,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";
import { saveSuppliers } from "../../app/dashboard/suppliers.server.ts";
import {
  createDraft,
  loadOrder,
  markOrdered,
  markReceived,
  saveDraftLines,
  supplierSuggestions,
} from "../../app/dashboard/purchase-orders.server.ts";
import { writeImport } from "../../app/dashboard/stocky-import.server.ts";
import { parseImport } from "../../domain/purchasing/stocky-import.ts";
import { vendorOverrideSchema } from "../../domain/settings.ts";

const SHOP = "planner-gear.myshopify.com";
let env: StoreAndStack;
let id: number;
beforeAll(async () => {
  env = await startStoreAndStack({
    fake: {
      seed: 21,
      shops: [{ domain: SHOP, minProducts: 30, minVariants: 80, targetOrders: 1_500 }],
      bucket: { maximumAvailable: 4_000, restoreRate: 2_000 },
    },
  });
  id = await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP);
  await waitForBackfill(env.stack.db, id);
});
afterAll(() => env?.close());

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;
const shop = () => ({ id, currency: "USD", timezone: "UTC" });
const terms = (o: Record<string, unknown>) => vendorOverrideSchema.parse({ vendor: "x", ...o });

async function forecastOf(variantId: string) {
  const [f] = await q<{ incoming: number; next: string | null; dirty: boolean }>(
    `SELECT incoming, to_char(next_arrival_on, 'YYYY-MM-DD') AS next,
            EXISTS (SELECT 1 FROM forecast_dirty d WHERE d.shop_id = $1 AND d.variant_id = $2) AS dirty
     FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
    [id, variantId],
  );
  return f!;
}

describe("purchase orders, suppliers and the Stocky import", () => {
  it("an import with bad rows writes nothing and lists each line and why", async () => {
    const [v] = await q<{ sku: string; vendor: string }>(
      `SELECT v.sku, p.vendor FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
       WHERE v.shop_id = $1 AND v.sku IS NOT NULL AND v.sku <> '' ORDER BY v.id LIMIT 1`,
      [id],
    );
    const file = (rows: string[]) =>
      ["po_number,supplier,sku,quantity,unit_cost,expected_on", ...rows].join("\n");
    const bad = file([
      `ST-100,${v!.vendor},${v!.sku},30,4.20,2030-01-15`,
      `ST-100,${v!.vendor},NO-SUCH-SKU,5,,`,
      `ST-101,${v!.vendor},${v!.sku},-3,,`,
    ]);
    const first = await writeImport(env.stack.db, shop(), parseImport("purchase_orders", bad));
    expect(first).toEqual({
      imported: 0,
      errors: [{ line: 4, reason: "quantity must be a whole number above 0" }],
    });
    const second = await writeImport(
      env.stack.db,
      shop(),
      parseImport("purchase_orders", file(bad.split("\n").slice(1, 3))),
    );
    expect(second.errors).toEqual([
      { line: 3, reason: "sku NO-SUCH-SKU matches no variant in this shop" },
    ]);
    expect(await q(`SELECT 1 FROM purchase_orders WHERE shop_id = $1`, [id])).toHaveLength(0);

    const good = file([`ST-100,${v!.vendor},${v!.sku},30,4.20,2030-01-15`]);
    expect(await writeImport(env.stack.db, shop(), parseImport("purchase_orders", good))).toEqual({
      imported: 1,
      errors: [],
    });
    const again = await writeImport(env.stack.db, shop(), parseImport("purchase_orders", good));
    expect(again.errors).toEqual([{ line: 2, reason: "ST-100 was imported already" }]);
    const [po] = await q<{ status: string; source: string; units: number }>(
      `SELECT po.status, po.source, sum(l.quantity)::int AS units FROM purchase_orders po
       JOIN purchase_order_lines l ON l.purchase_order_id = po.id WHERE po.shop_id = $1 GROUP BY po.id`,
      [id],
    );
    expect(po).toEqual({ status: "ordered", source: "import", units: 30 });
  });

  it("a supplier's lead time moves the date its order is expected, and the projection with it", async () => {
    const suggestions = await supplierSuggestions(env.stack.db, id);
    expect(suggestions.length).toBeGreaterThan(0);
    const supplier = suggestions[0]!.supplier;
    await saveSuppliers(
      env.stack.db,
      id,
      [supplier],
      terms({ packSize: "6", leadTimeDays: "10" }),
      ["packSize", "leadTimeDays"],
    );
    // The recompute honours the supplier's pack size: every suggestion is whole packs.
    await waitFor("recomputed with the supplier's terms", async () => {
      const rows = await q<{ qty: number; dirty: number }>(
        `SELECT f.suggested_qty AS qty, (SELECT count(*) FROM forecast_dirty WHERE shop_id = $1)::int AS dirty
         FROM forecasts f JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id
         JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
         WHERE f.shop_id = $1 AND p.vendor = $2 AND f.suggested_qty > 0`,
        [id, supplier],
      );
      return rows.length > 0 && rows[0]!.dirty === 0 && rows.every((r) => r.qty % 6 === 0);
    });

    const draftId = (await createDraft(env.stack.db, id, supplier, "USD"))!;
    const draft = (await loadOrder(env.stack.db, id, draftId))!;
    expect(draft.status).toBe("draft");
    expect(draft.orderLines.every((l) => l.quantity % 6 === 0 && l.packSize === 6)).toBe(true);
    // A line whose variant has nothing else on its way, so its next arrival is this order.
    const clear = await q<{ variant_id: string }>(
      `SELECT variant_id::text FROM forecasts WHERE shop_id = $1 AND incoming = 0 AND variant_id = ANY($2::bigint[])`,
      [id, draft.orderLines.map((l) => l.variantId)],
    );
    const line = draft.orderLines.find((l) => clear.some((c) => c.variant_id === l.variantId))!;
    expect(line).toBeDefined();
    // An edited quantity is rounded up to whole packs.
    await saveDraftLines(env.stack.db, id, draftId, [
      { variantId: line.variantId, quantity: 7, supplierSku: "SUP-1" },
    ]);
    const edited = (await loadOrder(env.stack.db, id, draftId))!.orderLines.find(
      (l) => l.variantId === line.variantId,
    )!;
    expect(edited).toMatchObject({ quantity: 12, supplierSku: "SUP-1" });

    // Ordered today without a date: expected after the supplier's 10 days.
    expect(await markOrdered(env.stack.db, id, draftId, null, "PO-77")).toBe(true);
    const [{ today }] = (await q<{ today: string }>(
      `SELECT to_char((now() AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS today FROM shops WHERE id = $1`,
      [id],
    )) as [{ today: string }];
    const plus = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const ordered = await waitFor("the order on its way", async () => {
      const f = await forecastOf(line.variantId);
      return !f.dirty && f.incoming === 12 ? f : null;
    });
    expect(ordered.next).toBe(plus(10));
    // The supplier now takes 30 days: the same order is expected 20 days later.
    await saveSuppliers(env.stack.db, id, [supplier], terms({ leadTimeDays: "30" }), [
      "leadTimeDays",
    ]);
    await waitFor("the projection moved", async () => {
      const f = await forecastOf(line.variantId);
      return !f.dirty && f.next === plus(30);
    });

    // Received: no longer on its way.
    expect(await markReceived(env.stack.db, id, draftId)).toBe(true);
    await waitFor("received", async () => {
      const f = await forecastOf(line.variantId);
      return !f.dirty && f.incoming === 0;
    });
  });
});
