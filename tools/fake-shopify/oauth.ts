// Token exchange and refresh at POST /admin/oauth/access_token, answering in the shapes that
// @shopify/shopify-api's tokenExchange, refreshToken and migrateToExpiringToken read.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

export type AccessToken = {
  token: string;
  shop: string;
  online: boolean;
  expiresAt: number | null;
  scope: string;
  userId: number | null;
};

type RefreshToken = {
  token: string;
  shop: string;
  expiresAt: number;
  scope: string;
  /** The refresh token this one replaced (retired when this one is first used). */
  replaces: string | null;
  firstUsedAt: number | null;
};

// Since 2026-08 a used refresh token stays valid until its replacement is used (so an app that
// lost the refresh response can retry), for at most 30 days from its first use, and never beyond
// its own 90-day life. Before, it worked for 60 minutes after its first use.
const RETRY_WINDOW_MS = 30 * 86_400_000;

export type TokenOptions = {
  apiKey: string;
  apiSecret: string;
  /** Lifetime of expiring offline tokens (Shopify: 60 minutes). */
  accessTtlSeconds: number;
  /** Lifetime of refresh tokens (Shopify: 90 days). */
  refreshTtlSeconds: number;
  onlineTtlSeconds: number;
  clock: () => number;
};

export type OAuthAnswer = { status: number; body: Record<string, unknown> };

const CLOCK_TOLERANCE_S = 10;

function b64urlJson(part: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/** Verifies an App Bridge session token (HS256 with the app secret) for the given shop. */
export function verifySessionToken(
  jwt: string,
  o: { apiKey: string; apiSecret: string; shop: string; now: number },
): { ok: true; payload: Record<string, unknown> } | { ok: false; reason: string } {
  const parts = jwt.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed token" };
  const [h, p, sig] = parts as [string, string, string];
  const header = b64urlJson(h);
  if (header?.alg !== "HS256") return { ok: false, reason: "unsupported algorithm" };
  const expected = createHmac("sha256", o.apiSecret).update(`${h}.${p}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature verification failed" };
  }
  const payload = b64urlJson(p);
  if (!payload) return { ok: false, reason: "malformed payload" };
  const now = o.now / 1000;
  if (typeof payload.exp !== "number" || payload.exp < now - CLOCK_TOLERANCE_S)
    return { ok: false, reason: "token expired" };
  if (typeof payload.nbf === "number" && payload.nbf > now + CLOCK_TOLERANCE_S)
    return { ok: false, reason: "token not yet valid" };
  if (payload.aud !== o.apiKey) return { ok: false, reason: "audience does not match the app" };
  const host = (v: unknown) => {
    if (typeof v !== "string") return null;
    try {
      return new URL(/^https?:\/\//.test(v) ? v : `https://${v}`).host;
    } catch {
      return null;
    }
  };
  if (host(payload.dest) !== o.shop) return { ok: false, reason: "destination is another shop" };
  if (host(payload.iss) !== o.shop) return { ok: false, reason: "issuer is another shop" };
  return { ok: true, payload };
}

export class TokenIssuer {
  private readonly o: TokenOptions;
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  /** Every grant issued, for tests and the demo's log. */
  readonly grants: { shop: string; grant: string; online: boolean; expiring: boolean }[] = [];

  constructor(o: TokenOptions) {
    this.o = o;
  }

  lookup(token: string | null | undefined, shop: string): AccessToken | null {
    if (!token) return null;
    const t = this.access.get(token);
    if (!t || t.shop !== shop) return null;
    if (t.expiresAt !== null && t.expiresAt <= this.o.clock()) return null;
    return t;
  }

  /** Revokes every token of a shop (what uninstalling does). */
  revokeShop(shop: string) {
    for (const [k, t] of this.access) if (t.shop === shop) this.access.delete(k);
    for (const [k, t] of this.refresh) if (t.shop === shop) this.refresh.delete(k);
  }

  /** Ends an access token's life now, as if its hour were up (tests of refresh paths). */
  expire(token: string) {
    const t = this.access.get(token);
    if (t) t.expiresAt = this.o.clock() - 1;
  }

  private issue(
    shop: string,
    scope: string,
    online: boolean,
    expiring: boolean,
    userId: number | null,
    replaces: string | null = null,
  ) {
    const now = this.o.clock();
    const prefix = online ? "shpua_" : "shpat_";
    const access: AccessToken = {
      token: prefix + randomBytes(16).toString("hex"),
      shop,
      online,
      scope,
      userId,
      expiresAt: online
        ? now + this.o.onlineTtlSeconds * 1000
        : expiring
          ? now + this.o.accessTtlSeconds * 1000
          : null,
    };
    this.access.set(access.token, access);
    const body: Record<string, unknown> = { access_token: access.token, scope };
    if (online) {
      body.expires_in = this.o.onlineTtlSeconds;
      body.associated_user_scope = scope;
      body.associated_user = {
        id: userId,
        first_name: "Demo",
        last_name: "Staff",
        email: `staff-${userId}@example.com`,
        account_owner: true,
        locale: "en",
        collaborator: false,
        email_verified: true,
      };
    } else if (expiring) {
      const refresh: RefreshToken = {
        token: "shprt_" + randomBytes(16).toString("hex"),
        shop,
        scope,
        expiresAt: now + this.o.refreshTtlSeconds * 1000,
        replaces,
        firstUsedAt: null,
      };
      this.refresh.set(refresh.token, refresh);
      body.expires_in = this.o.accessTtlSeconds;
      body.refresh_token = refresh.token;
      body.refresh_token_expires_in = this.o.refreshTtlSeconds;
    }
    return body;
  }

  /** Handles one POST /admin/oauth/access_token for a shop (body already parsed). */
  handle(shop: string, scope: string, body: Record<string, unknown>): OAuthAnswer {
    const fail = (status: number, error: string, description: string): OAuthAnswer => ({
      status,
      body: { error, error_description: description },
    });
    if (body.client_id !== this.o.apiKey)
      return fail(400, "invalid_client", "Client ID is invalid.");
    if (body.client_secret !== this.o.apiSecret)
      return fail(400, "invalid_client", "Client credentials are invalid.");
    const expiring = String(body.expiring ?? "0") === "1";
    const grant = String(body.grant_type ?? "");

    if (grant === "refresh_token") {
      const r = this.refresh.get(String(body.refresh_token ?? ""));
      const now = this.o.clock();
      if (
        !r ||
        r.shop !== shop ||
        r.expiresAt <= now ||
        (r.firstUsedAt !== null && now > r.firstUsedAt + RETRY_WINDOW_MS)
      ) {
        return fail(
          400,
          "invalid_grant",
          "The refresh token is invalid, expired or was already used.",
        );
      }
      r.firstUsedAt ??= now;
      // Using a replacement retires the token it replaced; this one stays usable until its own
      // replacement is used.
      if (r.replaces) this.refresh.delete(r.replaces);
      this.grants.push({ shop, grant, online: false, expiring: true });
      return { status: 200, body: this.issue(shop, r.scope, false, true, null, r.token) };
    }

    if (grant !== TOKEN_EXCHANGE)
      return fail(400, "unsupported_grant_type", `Unsupported grant type: ${grant}`);
    const requested = String(body.requested_token_type ?? "");
    if (requested !== OFFLINE && requested !== ONLINE) {
      return fail(400, "invalid_request", "requested_token_type is invalid.");
    }
    const subjectType = String(body.subject_token_type ?? "");
    const subject = String(body.subject_token ?? "");

    if (subjectType === OFFLINE) {
      // Migration of a non-expiring offline token to an expiring one.
      const old = this.access.get(subject);
      if (!old || old.shop !== shop || old.online || old.expiresAt !== null) {
        return fail(
          400,
          "invalid_subject_token",
          "The subject token is not a non-expiring offline token.",
        );
      }
      this.access.delete(subject);
      this.grants.push({ shop, grant, online: false, expiring: true });
      return { status: 200, body: this.issue(shop, old.scope, false, true, null) };
    }
    if (subjectType !== ID_TOKEN)
      return fail(400, "invalid_request", "subject_token_type is invalid.");

    const verified = verifySessionToken(subject, {
      apiKey: this.o.apiKey,
      apiSecret: this.o.apiSecret,
      shop,
      now: this.o.clock(),
    });
    if (!verified.ok)
      return fail(400, "invalid_subject_token", `Session token is invalid: ${verified.reason}.`);
    const online = requested === ONLINE;
    const userId = Number(verified.payload.sub ?? 0) || null;
    this.grants.push({ shop, grant, online, expiring });
    return { status: 200, body: this.issue(shop, scope, online, expiring, userId) };
  }
}
