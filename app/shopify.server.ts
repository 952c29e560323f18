import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { env } from "../infra/env.ts";
import { ADMIN_API_VERSION } from "../infra/shopify-api-version.ts";
import { SealedSessionStorage } from "../infra/session-storage.ts";
import { services } from "./services.server.ts";
import { onInstalled } from "./shops.server.ts";

const e = env();
const { db, box, sync } = services();

export const API_VERSION = ADMIN_API_VERSION;

const shopify = shopifyApp({
  apiKey: e.SHOPIFY_API_KEY,
  apiSecretKey: e.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: e.SCOPES.split(","),
  appUrl: e.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new SealedSessionStorage(db.prisma, box),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await onInstalled(db, sync, session);
    },
  },
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
