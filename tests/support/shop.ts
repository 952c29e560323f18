// A shop with a small catalog, installed the way the auth flow does it (registerShop), and
// helpers to read back what the worker made of the events.
import type pg from "pg";
import { registerShop } from "../../app/shops.server.ts";
import { sendWebhook, type SendOptions } from "./webhooks.ts";
import { nextId, productPayload, type CatalogVariant } from "./payloads.ts";
import { waitFor } from "./stack.ts";

export type TestShop = {
  domain: string;
  id: number;
  productId: number;
  variants: CatalogVariant[];
  send: (topic: string, payload: unknown, o?: SendOptions) => ReturnType<typeof sendWebhook>;
};

export async function installShop(
  webUrl: string,
  db: pg.Pool,
  domain: string,
  o: { variants?: number; timezone?: string; createdAt?: string } = {},
): Promise<TestShop> {
  const id = await registerShop(
    db,
    domain,
    "read_products,read_inventory,read_orders,read_locations",
  );
  if (o.timezone) await db.query(`UPDATE shops SET timezone = $2 WHERE id = $1`, [id, o.timezone]);
  const productId = nextId();
  const variants = Array.from({ length: o.variants ?? 2 }, (_, i) => ({
    id: nextId(),
    inventoryItemId: nextId(),
    sku: `SKU-${productId}-${i}`,
    price: "25.00",
  }));
  const send: TestShop["send"] = (topic, payload, opts = {}) =>
    sendWebhook(webUrl, topic, payload, { shop: domain, ...opts });
  const r = await send(
    "products/update",
    productPayload(productId, variants, { createdAt: o.createdAt }),
  );
  if (r.status !== 200) throw new Error(`catalog webhook answered ${r.status}: ${r.text}`);
  await waitFor("catalog applied", async () => {
    const { rows } = await db.query(`SELECT 1 FROM variants WHERE shop_id = $1`, [id]);
    return rows.length === variants.length;
  });
  return { domain, id, productId, variants, send };
}

// Waits until every recorded event of the shop left the 'received' state.
export async function settled(db: pg.Pool, domain: string, count?: number): Promise<void> {
  await waitFor(
    `events of ${domain} processed`,
    async () => {
      const { rows } = await db.query<{ pending: number; total: number }>(
        `SELECT count(*) FILTER (WHERE status = 'received')::int AS pending, count(*)::int AS total
         FROM webhook_events WHERE shop = $1`,
        [domain],
      );
      return rows[0]!.pending === 0 && (count === undefined || rows[0]!.total >= count);
    },
    20_000,
  );
}

export async function waitForForecast(
  db: pg.Pool,
  shopId: number,
  variantId: number,
  check: (row: Record<string, unknown>) => boolean = () => true,
) {
  // Only a forecast computed after every event of the shop was applied, with nothing left dirty:
  // events are applied concurrently, so an earlier recompute may have seen only some of them.
  return waitFor(`forecast of variant ${variantId}`, async () => {
    const { rows } = await db.query(
      `SELECT f.* FROM forecasts f
       WHERE f.shop_id = $1 AND f.variant_id = $2
         AND NOT EXISTS (SELECT 1 FROM forecast_dirty d WHERE d.shop_id = $1)
         AND f.computed_at >= (SELECT COALESCE(max(e.processed_at), '-infinity') FROM webhook_events e
                               JOIN shops s ON s.domain = e.shop WHERE s.id = $1)`,
      [shopId, variantId],
    );
    return rows[0] && check(rows[0]) ? rows[0] : null;
  });
}
