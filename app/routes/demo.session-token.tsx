// DEMO_MODE only (404 otherwise): what App Bridge's shopify.idToken() returns in the Shopify
// admin, minted for the demo stand-in script.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoShop, demoToken, requireDemo } from "../demo/demo.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  requireDemo();
  const shop = demoShop(new URL(request.url).searchParams.get("shop"));
  if (!shop) return Response.json({ error: "unknown shop" }, { status: 400 });
  return Response.json(demoToken(shop), { headers: { "cache-control": "no-store" } });
}
