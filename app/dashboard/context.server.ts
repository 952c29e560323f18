// Who is asking: every dashboard loader and action starts here. The shop comes from the verified
// session token (authenticate.admin), never from the URL or a form field, and every query below
// filters on the id returned here.
import { authenticate } from "../shopify.server.ts";
import { services } from "../services.server.ts";
import { registerShop } from "../shops.server.ts";
import { loadShop, type ShopContext } from "./shop.server.ts";

export { loadShop, type ShopContext };

export async function requireShop(request: Request): Promise<ShopContext> {
  const { session } = await authenticate.admin(request);
  const pool = services().db.pool;
  let shop = await loadShop(pool, session.shop);
  if (!shop) {
    // The install's first load runs several loaders at once and only one of them runs afterAuth,
    // without the others waiting: register here too (an idempotent upsert; afterAuth still
    // creates the backfill run). The session is verified, so the shop is installed.
    await registerShop(pool, session.shop, session.scope ?? null);
    shop = await loadShop(pool, session.shop);
  }
  if (!shop) throw new Response("This shop is not installed", { status: 404 });
  return shop;
}

export const db = () => services().db.pool;
