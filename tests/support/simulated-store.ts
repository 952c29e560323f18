// The simulated Shopify store next to the product under test: started in the test process, its
// webhooks signed with the test app's secret and sent to the stack's intake; and the install the
// way the Shopify admin does it — a document request to /app carrying a session token, which our
// real auth code (authenticate.admin) exchanges for an offline token at the simulated store.
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type pg from "pg";
import {
  startFakeShopify,
  type FakeShopify,
  type FakeShopifyOptions,
} from "../../tools/fake-shopify/main.ts";
import { startStack, waitFor, type Stack } from "./stack.ts";

const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export type StoreAndStack = {
  fake: FakeShopify;
  stack: Stack;
  close: () => Promise<void>;
};

/** Starts the simulated store, then web + worker pointed at it (SHOPIFY_FAKE_ORIGIN). */
export async function startStoreAndStack(
  o: { fake?: Partial<FakeShopifyOptions>; env?: Record<string, string> } = {},
): Promise<StoreAndStack> {
  let intake: string | null = null;
  const fake = await startFakeShopify({
    port: 0,
    apiKey: API_KEY,
    appSecret: API_SECRET_KEY,
    bulk: { minDurationMs: 100 },
    webhooks: { maxRetries: 3, retryBaseMs: 200, timeoutMs: 5_000 },
    ...o.fake,
    webhookTarget: (topic) => (intake ? `${intake}/webhooks/${topic}` : null),
  });
  const stack = await startStack({
    env: {
      // The fake origin is refused in production, as it must be.
      NODE_ENV: "test",
      SHOPIFY_FAKE_ORIGIN: fake.url,
      SYNC_BACKOFF_MS: "500",
      ...o.env,
    },
  });
  intake = stack.webUrl;
  return {
    fake,
    stack,
    async close() {
      await stack.close();
      await fake.close();
    },
  };
}

/** What the admin does when a merchant opens the app: GET /app?embedded=1&shop&host&id_token. */
export async function openAppFromAdmin(webUrl: string, shop: string): Promise<Response> {
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), API_KEY, API_SECRET_KEY);
  const host = Buffer.from(
    `admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`,
  ).toString("base64");
  const q = new URLSearchParams({ embedded: "1", shop, host, id_token: token });
  // A browser's request (the admin iframe): the library turns bots away with 410.
  return fetch(`${webUrl}/app?${q}`, {
    headers: { accept: "text/html", "user-agent": BROWSER_UA },
    redirect: "manual",
  });
}

/**
 * Installs the shop the way a merchant does (opening the app from the admin) and returns its id.
 * The first document load runs the page's loaders in parallel, each authenticating; only one runs
 * afterAuth and the others do not wait for it, so a loader reading the shop row may miss it on
 * this very first load. The install itself is what this waits for; a second load must render.
 */
export async function installFromAdmin(webUrl: string, db: pg.Pool, shop: string): Promise<number> {
  const first = await openAppFromAdmin(webUrl, shop);
  if (first.status >= 500) throw new Error(`install load answered ${first.status}`);
  const id = await waitFor("shop registered", async () => {
    const { rows } = await db.query<{ id: number }>(
      `SELECT id FROM shops WHERE domain = $1 AND status = 'installed'`,
      [shop],
    );
    return rows[0]?.id;
  });
  const again = await openAppFromAdmin(webUrl, shop);
  if (again.status !== 200) throw new Error(`app load after install answered ${again.status}`);
  return id;
}

export type BackfillRow = {
  id: string;
  phase: string;
  pct: number;
  state: Record<string, unknown>;
  stats: Record<string, unknown>;
  error: string | null;
  finished_at: Date | null;
};

export async function shopId(db: pg.Pool, domain: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [
    domain,
  ]);
  if (!rows[0]) throw new Error(`no shop ${domain}`);
  return rows[0].id;
}

export async function latestBackfill(db: pg.Pool, id: number): Promise<BackfillRow | undefined> {
  const { rows } = await db.query<BackfillRow>(
    `SELECT id, phase, pct, state, stats, error, finished_at FROM sync_runs
     WHERE shop_id = $1 AND kind = 'backfill' ORDER BY id DESC LIMIT 1`,
    [id],
  );
  return rows[0];
}

/** Waits for the shop's latest backfill to finish; returns the phases seen on the way. */
export async function waitForBackfill(
  db: pg.Pool,
  id: number,
  o: { timeoutMs?: number; afterRunId?: string } = {},
): Promise<{ run: BackfillRow; phases: string[]; pcts: number[] }> {
  const phases: string[] = [];
  const pcts: number[] = [];
  const run = await waitFor(
    "backfill done",
    async () => {
      const { rows } = await db.query<{ backfill_phase: string; backfill_pct: number }>(
        `SELECT backfill_phase, backfill_pct FROM shops WHERE id = $1`,
        [id],
      );
      const s = rows[0];
      if (s && phases.at(-1) !== s.backfill_phase) phases.push(s.backfill_phase);
      if (s && pcts.at(-1) !== s.backfill_pct) pcts.push(s.backfill_pct);
      const r = await latestBackfill(db, id);
      if (!r || (o.afterRunId && BigInt(r.id) <= BigInt(o.afterRunId))) return null;
      return r.finished_at ? r : null;
    },
    o.timeoutMs ?? 80_000,
    100,
  );
  // A failed or cancelled run is finished too: say why.
  if (run.phase !== "done") throw new Error(`backfill ${run.phase}: ${run.error}`);
  return { run, phases, pcts };
}

/** The sync queue of the stack, for on-demand jobs and looking at schedulers. */
export function syncQueue(stack: Stack): { queue: Queue; close: () => Promise<void> } {
  const connection = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue("sync", { connection, prefix: stack.queuePrefix });
  return {
    queue,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
