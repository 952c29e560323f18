// The worker's way into a shop's Admin API: the offline session the web stored at install (sealed
// in Postgres), with expiring offline tokens refreshed through @shopify/shopify-api and stored
// back. Refreshes of one shop are serialized by an advisory lock, and whoever comes second uses
// the session the first one stored: one refresh, not one per caller. (Since 2026-08 a used refresh
// token stays valid until its replacement is used, so a refresh whose answer was not stored can be
// retried with the token we hold.)
import "@shopify/shopify-api/adapters/node";
import { HttpResponseError, LogSeverity, shopifyApi, type Session } from "@shopify/shopify-api";
import type { Env } from "../infra/env.ts";
import { ADMIN_API_VERSION } from "../infra/shopify-api-version.ts";
import { withTx, type Db } from "../infra/db.ts";
import { secretBox, type SecretBox } from "../infra/crypto.ts";
import type { Logger } from "../infra/log.ts";
import { SealedSessionStorage } from "../infra/session-storage.ts";
import {
  createShopifyAdmin,
  ShopifyAdminError,
  type ShopifyAdmin,
} from "../infra/shopify-admin.ts";

// Refresh a little before Shopify would refuse the token, so a long bulk wait never starts stale.
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** The shop has no offline session: it was uninstalled (or never finished installing). */
export class NoSessionError extends Error {
  override name = "NoSessionError";
}

export type ShopAdmin = { admin: ShopifyAdmin; scopes: string[] };

export type ShopifySessions = {
  /** An Admin API client for the shop whose token source refreshes and stores as needed. */
  adminFor(shop: string, opts?: { log?: Logger }): Promise<ShopAdmin>;
};

export function createShopifySessions(env: Env, db: Db, log: Logger): ShopifySessions {
  const box = secretBox(env.ENCRYPTION_KEY);
  const appUrl = new URL(env.SHOPIFY_APP_URL);
  const api = shopifyApi({
    apiKey: env.SHOPIFY_API_KEY,
    apiSecretKey: env.SHOPIFY_API_SECRET,
    apiVersion: ADMIN_API_VERSION,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    scopes: env.SCOPES.split(","),
    logger: {
      level: LogSeverity.Warning,
      log: async (severity, message) =>
        severity <= LogSeverity.Warning ? log.warn({ severity }, message) : undefined,
    },
  });

  const refresh = (shop: string, stale: Session) =>
    refreshSession(db, box, api.auth.refreshToken, shop, stale, log);

  return {
    async adminFor(shop, opts = {}) {
      const id = `offline_${shop}`;
      // A fresh storage: the shared one caches loads for a few seconds, and a reinstall or a
      // refresh by another process must be seen at once.
      let session = await new SealedSessionStorage(db.prisma, box).loadSession(id);
      if (!session?.accessToken) throw new NoSessionError(`${shop} has no offline session`);
      const admin = createShopifyAdmin({
        shop,
        log: opts.log ?? log,
        accessToken: async ({ refresh: forced }) => {
          if (forced || session!.isExpired(EXPIRY_MARGIN_MS)) {
            if (!session!.refreshToken && !forced) return session!.accessToken!;
            session = await refresh(shop, session!);
          }
          return session!.accessToken!;
        },
      });
      return { admin, scopes: (session.scope ?? "").split(",").filter(Boolean) };
    },
  };
}

type Refresh = (p: { shop: string; refreshToken: string }) => Promise<{ session: Session }>;

async function refreshSession(
  db: Db,
  box: SecretBox,
  refreshToken: Refresh,
  shop: string,
  stale: Session,
  log: Logger,
): Promise<Session> {
  return withTx(db.pool, async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('session-refresh'), hashtext($1))`, [
      shop,
    ]);
    const storage = new SealedSessionStorage(db.prisma, box);
    const stored = await storage.loadSession(stale.id);
    if (!stored?.accessToken) throw new NoSessionError(`${shop} has no offline session`);
    // Someone (the web's token exchange, another worker) stored a newer token meanwhile.
    if (stored.accessToken !== stale.accessToken && !stored.isExpired(EXPIRY_MARGIN_MS)) {
      return stored;
    }
    if (!stored.refreshToken) {
      throw new ShopifyAdminError(
        "auth",
        shop,
        "the offline token was refused and cannot be refreshed",
      );
    }
    try {
      const { session } = await refreshToken({ shop, refreshToken: stored.refreshToken });
      await storage.storeSession(session);
      log.info({ shop, expires: session.expires }, "offline token refreshed");
      return session;
    } catch (err) {
      if (err instanceof HttpResponseError && err.response.code < 500) {
        throw new ShopifyAdminError(
          "auth",
          shop,
          `token refresh refused (HTTP ${err.response.code})`,
          {
            status: err.response.code,
            cause: err,
          },
        );
      }
      throw new ShopifyAdminError("network", shop, "token refresh failed", { cause: err });
    }
  });
}
