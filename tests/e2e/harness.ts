// The browser tests' world: the simulated Shopify store (in process), a fake Discord, the built
// web server and worker in DEMO_MODE pointed at both, two shops installed and backfilled the way
// the product does it (first authenticated load → token exchange → backfill through bulk
// operations → forecasts → baseline alerts), and Debian's Chromium driven by playwright-core.
// Pages are opened through the simulated admin (/demo), so every request carries a real session
// token and authenticate.admin runs unchanged.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { startStack, waitFor, type Stack } from "../support/stack.ts";
import { installFromAdmin, shopId, waitForBackfill } from "../support/simulated-store.ts";
import { createDb, type Db } from "../../infra/db.ts";
import { startFakeShopify, type FakeShopify } from "../../tools/fake-shopify/main.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/index.ts";
import { mintSessionToken, hostParam } from "../../app/demo/demo.server.ts";

export const SHOP_A = "demo-gear.myshopify.com";
export const SHOP_B = "north-trail.myshopify.com";
export const SCREENSHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Flags that work as root, offline (toolchain note, section 4).
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type World = {
  install: (shop: string) => Promise<number>;
  ready: (shop: string) => Promise<number>;
  stack: Stack;
  fake: FakeShopify;
  discord: FakeDiscord;
  db: Db;
  shops: Record<string, number>;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  open: (p: string, shop?: string) => Promise<void>;
  cls: () => Promise<number>;
  shot: (name: string, page?: Page) => Promise<string>;
  token: (shop: string) => string;
  documentUrl: (p: string, shop: string) => string;
  close: () => Promise<void>;
};

// `install`: shops installed (and backfilled) before the tests start; the others are installed
// by the test itself, e.g. by opening the app in the browser.
export async function startWorld(
  o: { browser?: boolean; install?: string[] } = {},
): Promise<World> {
  // Webhooks go to the web server once it is up (the store starts first: the server needs its URL).
  let intake: string | null = null;
  const fake = await startFakeShopify({
    webhookTarget: (topic) => (intake ? `${intake}/webhooks/${topic}` : null),
    port: 0,
    seed: 42,
    apiKey: API_KEY,
    appSecret: API_SECRET_KEY,
    shops: [
      SHOP_A,
      { domain: SHOP_B, seed: 7, minProducts: 20, minVariants: 60, targetOrders: 800 },
    ],
    bulk: { minDurationMs: 100 },
    webhooks: { maxRetries: 3, retryBaseMs: 200, timeoutMs: 5_000 },
  });
  const discord = await startFakeDiscord();
  const stack = await startStack({
    env: {
      NODE_ENV: "test",
      DEMO_MODE: "1",
      SHOPIFY_FAKE_ORIGIN: fake.url,
      DISCORD_API_BASE: `${discord.url}/api`,
      // The library's bounce page loads this instead of the CDN script (tests and demo only).
      APP_BRIDGE_URL: "/demo/app-bridge.js",
      LOG_LEVEL: "warn",
      SYNC_BACKOFF_MS: "500",
    },
  });
  intake = stack.webUrl;
  const db = createDb(stack.databaseUrl, 4);
  const shops: Record<string, number> = {};

  const token = (shop: string) =>
    mintSessionToken(shop, { apiKey: API_KEY, apiSecret: API_SECRET_KEY }).token;
  const documentUrl = (p: string, shop: string) =>
    `${stack.webUrl}${p}${p.includes("?") ? "&" : "?"}${new URLSearchParams({
      embedded: "1",
      shop,
      host: hostParam(shop),
      id_token: token(shop),
    })}`;

  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const errors: string[] = [];
  if (o.browser !== false) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    // authenticate.admin answers 410 to bots, and headless Chromium says "HeadlessChrome".
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      userAgent,
    });
    // Nothing leaves the machine: Shopify's CDN (fonts) is unreachable here anyway.
    await context.route(
      (url) => !["127.0.0.1", "localhost"].includes(url.hostname),
      (route) => route.abort(),
    );
    // Cumulative layout shift of the current document (Chromium's layout-shift entries).
    await context.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[])
          if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    page = await context.newPage();
    page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && !/Failed to load resource|ERR_FAILED/.test(msg.text()))
        errors.push(`console: ${msg.text()}`);
    });
  }

  const world: World = {
    // What a merchant's first open of the app does; then the backfill and first forecasts.
    async install(shop) {
      shops[shop] = await installFromAdmin(stack.webUrl, stack.db, shop);
      return world.ready(shop);
    },
    async ready(shop) {
      const id = await waitFor(
        "shop registered",
        () => shopId(stack.db, shop).catch(() => null),
        30_000,
      );
      await waitForBackfill(stack.db, id, { timeoutMs: 150_000 });
      await waitForForecasts(db, id);
      await waitForReplay(db, id);
      shops[shop] = id;
      return id;
    },
    stack,
    fake,
    discord,
    db,
    shops,
    browser: browser!,
    context: context!,
    page: page!,
    errors,
    async open(p, shop = SHOP_A) {
      await world.page.goto(`${stack.webUrl}/demo?${new URLSearchParams({ shop, path: p })}`);
      await world.page.waitForLoadState("networkidle");
    },
    cls: () => world.page.evaluate(() => (window as unknown as { __cls: number }).__cls),
    async shot(name, target = world.page) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await target.waitForLoadState("networkidle");
      // A viewport as tall as the page, so sticky bars (the table's pagination) sit where a
      // merchant sees them, not in the middle of a stitched full-page capture.
      const size = target.viewportSize() ?? { width: 1366, height: 900 };
      const height = await target.evaluate(() => document.documentElement.scrollHeight);
      await target.setViewportSize({
        width: size.width,
        height: Math.min(Math.max(height, size.height), 6000),
      });
      await target.waitForTimeout(150);
      await target.screenshot({ path: file });
      await target.setViewportSize(size);
      return file;
    },
    token,
    documentUrl,
    async close() {
      await browser?.close().catch(() => {});
      await db.pool.end().catch(() => {});
      await stack.close();
      await discord.close();
      await fake.close();
    },
  };
  try {
    for (const shop of o.install ?? [SHOP_A, SHOP_B]) await world.install(shop);
  } catch (err) {
    // A failed setup must not leave the web server and worker running behind the test.
    await world.close().catch(() => {});
    throw err;
  }
  return world;
}

// The forecast accuracy replay that follows a completed backfill (worker/accuracy/replay.ts).
async function waitForReplay(db: Db, id: number): Promise<void> {
  await waitFor(
    "accuracy replay",
    async () => {
      const { rows } = await db.pool.query<{ replay_status: string }>(
        `SELECT replay_status FROM forecast_accuracy_state WHERE shop_id = $1`,
        [id],
      );
      if (rows[0]?.replay_status === "failed") throw new Error("the accuracy replay failed");
      return rows[0]?.replay_status === "done";
    },
    60_000,
    250,
  );
}

// Forecasts for every live variant and the install's (baseline) alert evaluation settled.
// (Some variants get no forecast from the backfill, e.g. of archived products: wait for the dirty
// set to drain and the count of forecasts to hold still, not for one per variant.)
async function waitForForecasts(db: Db, id: number): Promise<void> {
  let previous = -1;
  await waitFor(
    "forecasts",
    async () => {
      const { rows } = await db.pool.query<{ dirty: number; forecasts: number }>(
        `SELECT (SELECT count(*)::int FROM forecast_dirty WHERE shop_id = $1) AS dirty,
                (SELECT count(*)::int FROM forecasts WHERE shop_id = $1) AS forecasts`,
        [id],
      );
      const { dirty, forecasts } = rows[0]!;
      const stable = dirty === 0 && forecasts > 0 && forecasts === previous;
      previous = forecasts;
      return stable;
    },
    120_000,
    500,
  );
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert_episodes WHERE shop_id = $1`,
      [id],
    );
    if (rows[0]!.n === last && last > 0) return;
    last = rows[0]!.n;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
