// The simulated admin of the local demo and the browser tests. The Shopify admin normally hands
// the embedded app a session token (a JWT signed with the app secret) through App Bridge; here a
// demo-only route mints one for a shop, and a local stand-in replaces the App Bridge script, so
// authenticate.admin runs unchanged (and exchanges the token at the simulated store).
//
// Impossible in production, twice over: infra/env.ts refuses to start with DEMO_MODE and
// NODE_ENV=production, and demoEnabled() is false whenever NODE_ENV is production. Every demo
// route answers 404 unless demoEnabled().
import { createHmac, randomUUID } from "node:crypto";
import { env } from "../../infra/env.ts";

export const DEMO_SHOP = "demo-gear.myshopify.com";
export const DEMO_APP_BRIDGE_URL = "/demo/app-bridge.js";
export const TOKEN_TTL_SECONDS = 60; // Shopify's session tokens live one minute

export function demoEnabled(): boolean {
  const e = env();
  return e.DEMO_MODE && e.NODE_ENV !== "production" && process.env.NODE_ENV !== "production";
}

export function requireDemo(): void {
  if (!demoEnabled()) throw new Response("Not Found", { status: 404 });
}

export function demoShop(param: string | null): string | null {
  const shop = (param ?? DEMO_SHOP).trim().toLowerCase();
  return /^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/.test(shop) ? shop : null;
}

// The `host` query parameter the admin adds: base64 of the shop's admin URL.
export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString(
    "base64",
  );
}

// The session token App Bridge would hand out (claims as documented for session tokens).
export function mintSessionToken(
  shop: string,
  o: { apiKey: string; apiSecret: string; now?: number; ttlSeconds?: number; userId?: string },
): { token: string; exp: number } {
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  const exp = now + (o.ttlSeconds ?? TOKEN_TTL_SECONDS);
  const payload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: o.apiKey,
    sub: o.userId ?? "1",
    exp,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  const signature = createHmac("sha256", o.apiSecret).update(unsigned).digest("base64url");
  return { token: `${unsigned}.${signature}`, exp };
}

export function demoToken(shop: string) {
  const e = env();
  return mintSessionToken(shop, { apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET });
}

// Where /demo sends the browser: the app's document URL exactly as the admin would load it.
// Only pages of the app itself (/app…), with their own query string kept.
export function embeddedUrl(
  shop: string,
  path: string,
  token: string,
  locale?: string | null,
): string {
  const target = new URL(path, "http://app.invalid");
  const safe =
    target.origin === "http://app.invalid" && /^\/app(\/[\w\-.$]*)*$/.test(target.pathname);
  const q = new URLSearchParams(safe ? target.search : "");
  for (const [k, v] of Object.entries({
    embedded: "1",
    shop,
    host: hostParam(shop),
    id_token: token,
    // The staff member's language, as the admin sends it.
    ...(locale && /^[a-z]{2}(-[A-Za-z0-9]{2,3})?$/.test(locale) ? { locale } : {}),
  }))
    q.set(k, v);
  return `${safe ? target.pathname : "/app"}?${q}`;
}
