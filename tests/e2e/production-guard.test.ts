// The simulated admin cannot exist in production: the process refuses DEMO_MODE there, every
// demo route answers 404, and every document loads Shopify's real App Bridge script.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import {
  freePort,
  startProcess,
  startStack,
  stopProcess,
  waitFor,
  type Stack,
} from "../support/stack.ts";
import { registerShop } from "../../app/shops.server.ts";
import { hostParam, mintSessionToken } from "../../app/demo/demo.server.ts";
import { createDb } from "../../infra/db.ts";
import { secretBox } from "../../infra/crypto.ts";
import { SealedSessionStorage } from "../../infra/session-storage.ts";

const SHOP = "prod-shop.myshopify.com";
const CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ worker: false }); // NODE_ENV=production, no DEMO_MODE
  // An installed shop with a valid offline session, so a document load needs no token exchange
  // (production cannot reach a simulated store).
  await registerShop(stack.db, SHOP, "read_products");
  const db = createDb(stack.databaseUrl, 1);
  await new SealedSessionStorage(db.prisma, secretBox(stack.env.ENCRYPTION_KEY!)).storeSession(
    new Session({
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken: "shpat_test",
      scope: "read_products",
      expires: new Date(Date.now() + 3_600_000),
    }),
  );
  await db.prisma.$disconnect();
  await db.pool.end();
});
afterAll(async () => stack?.close());

// authenticate.admin answers 410 to anything that looks like a bot.
const BROWSER =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.webUrl}${path}`, {
    redirect: "manual",
    headers: { "user-agent": BROWSER, ...headers },
  });

describe("in production", () => {
  it("refuses to start with DEMO_MODE", async () => {
    const port = await freePort();
    const p = startProcess(
      "server/main.ts",
      { ...stack.env, PORT: String(port), DEMO_MODE: "1" },
      "web-demo-prod",
    );
    const code = await new Promise<number | null>((resolve) => p.child.once("exit", resolve));
    expect(code).toBe(1);
    expect(p.output()).toMatch(/DEMO_MODE: is not allowed when NODE_ENV=production/);
    await stopProcess(p);
  });

  it("answers 404 on every demo route", async () => {
    for (const path of [
      "/demo",
      `/demo?shop=${SHOP}`,
      `/demo/session-token?shop=${SHOP}`,
      "/demo/app-bridge.js",
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).not.toMatch(/idToken|eyJ/);
    }
  });

  it("loads Shopify's App Bridge script from the CDN, never the stand-in", async () => {
    const token = mintSessionToken(SHOP, { apiKey: API_KEY, apiSecret: API_SECRET_KEY }).token;
    const q = new URLSearchParams({
      embedded: "1",
      shop: SHOP,
      host: hostParam(SHOP),
      id_token: token,
    });
    const res = await get(`/app?${q}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<script src="${CDN}" data-api-key="${API_KEY}"></script>`);
    expect(html).not.toContain("/demo/app-bridge.js");
    // The library's bounce page too (what a stale token leads to).
    const bounce = await get(`/auth/session-token?shop=${SHOP}&host=${hostParam(SHOP)}`);
    const bounceHtml = await bounce.text();
    expect(bounceHtml).toContain(`src="${CDN}"`);
    expect(bounceHtml).not.toContain("/demo/");
  });

  it("accepts no session token but one signed with the app secret", async () => {
    const forged = mintSessionToken(SHOP, {
      apiKey: API_KEY,
      apiSecret: "not-the-app-secret",
    }).token;
    const res = await get("/app/inventory", { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    const valid = mintSessionToken(SHOP, { apiKey: API_KEY, apiSecret: API_SECRET_KEY }).token;
    const ok = await get("/app/inventory.csv", { authorization: `Bearer ${valid}` });
    expect(ok.status).toBe(200);
    expect((await ok.text()).split("\r\n")[0]).toMatch(/^variant_id,product/);
  });
});

describe("outside production without DEMO_MODE", () => {
  it("also answers 404 on the demo routes", async () => {
    const port = await freePort();
    const env = { ...stack.env, NODE_ENV: "development", PORT: String(port) };
    const p = startProcess("server/main.ts", env, "web-dev");
    try {
      await waitFor(
        "web health",
        async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok,
        20_000,
      );
      for (const path of ["/demo", "/demo/session-token", "/demo/app-bridge.js"])
        expect(
          (await fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" })).status,
        ).toBe(404);
    } finally {
      await stopProcess(p);
    }
  });
});
