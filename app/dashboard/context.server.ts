// Who is asking: every dashboard loader and action starts here. The shop comes from the verified
// session token (authenticate.admin), never from the URL or a form field, and every query below
// filters on the id returned here.
import { authenticate } from "../shopify.server.ts";
import { services } from "../services.server.ts";
import { onInstalled } from "../shops.server.ts";
import { loadShop, type ShopContext } from "./shop.server.ts";

export { loadShop, type ShopContext };

export async function requireShop(request: Request): Promise<ShopContext> {
  const { session } = await authenticate.admin(request);
  const { db, sync } = services();
  let shop = await loadShop(db.pool, session.shop);
  if (!shop?.installed) {
    // A verified session means Shopify has the app installed, but our row may lag: the install's
    // first load runs several loaders at once and only one of them runs afterAuth, and a
    // reinstall seconds after an uninstall can reuse a session cached before the uninstall.
    // Installing is idempotent (one backfill per install), so do it here too.
    await onInstalled(db, sync, session);
    shop = await loadShop(db.pool, session.shop);
  }
  if (!shop) throw new Response("This shop is not installed", { status: 404 });
  return shop;
}

export const db = () => services().db.pool;
