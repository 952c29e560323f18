// What the Shopify admin hands an embedded app when a merchant opens it: a session token (JWT,
// HS256 with the app secret) naming the shop. The demo installs its simulated shop with one,
// through the app's real auth code, exactly as the admin would.
import { createHmac, randomUUID } from "node:crypto";

export function mintSessionToken(
  shop: string,
  o: { apiKey: string; apiSecret: string; ttlSeconds?: number; userId?: string },
): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: o.apiKey,
    sub: o.userId ?? "1",
    exp: now + (o.ttlSeconds ?? 60),
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${unsigned}.${createHmac("sha256", o.apiSecret).update(unsigned).digest("base64url")}`;
}

/** The URL the admin loads inside its iframe: /app?embedded=1&shop&host&id_token. */
export function embeddedAppUrl(appUrl: string, shop: string, token: string): string {
  const host = Buffer.from(
    `admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`,
  ).toString("base64");
  const q = new URLSearchParams({ embedded: "1", shop, host, id_token: token });
  return `${appUrl}/app?${q}`;
}
