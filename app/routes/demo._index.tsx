// DEMO_MODE only (404 otherwise): the simulated admin's front door. Opens the embedded app the way
// the Shopify admin does, with a fresh session token for the demo shop (or ?shop=).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { demoShop, demoToken, embeddedUrl, requireDemo } from "../demo/demo.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  requireDemo();
  const url = new URL(request.url);
  const shop = demoShop(url.searchParams.get("shop"));
  if (!shop) throw new Response("Unknown shop", { status: 400 });
  const { token } = demoToken(shop);
  const path = url.searchParams.get("path") ?? "/app";
  throw redirect(embeddedUrl(shop, path, token, url.searchParams.get("locale")), {
    headers: { "cache-control": "no-store" },
  });
}
