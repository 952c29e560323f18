// Who is asking: every dashboard loader and action starts here. The shop comes from the verified
// session token (authenticate.admin), never from the URL or a form field, and every query below
// filters on the id returned here.
import { authenticate } from "../shopify.server.ts";
import { services } from "../services.server.ts";
import { loadShop, type ShopContext } from "./shop.server.ts";

export { loadShop, type ShopContext };

export async function requireShop(request: Request): Promise<ShopContext> {
  const { session } = await authenticate.admin(request);
  const shop = await loadShop(services().db.pool, session.shop);
  // afterAuth registers the shop before any page loads; a missing row means it was redacted.
  if (!shop) throw new Response("This shop is not installed", { status: 404 });
  return shop;
}

export const db = () => services().db.pool;
