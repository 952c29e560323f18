// Exactly one notification per (episode step, channel), whatever happens upstream: Shopify
// redelivering the same webhook (same id and new ids), three worker processes, eight more
// evaluators racing on the same variant at the same instant, and a delivery that has to be
// retried. Counted twice: at the fake destinations and in the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { parseEnv } from "../../infra/env.ts";
import { createDb, closeDb, type Db } from "../../infra/db.ts";
import { createLogger } from "../../infra/log.ts";
import type { DeliveryJob } from "../../infra/queues.ts";
import { evaluateVariants, type EvaluationSummary } from "../../worker/rules/evaluate.ts";
import { makeEnqueue } from "../../worker/dispatch/enqueue.ts";
import { deliveryJobOptions } from "../../worker/dispatch/runtime.ts";
import { systemClock } from "../../worker/dispatch/clock.ts";
import { levelPayload } from "../support/payloads.ts";
import {
  addChannel,
  attempts,
  discordWebhook,
  episodes,
  evaluated,
  notifications,
  setLevel,
  setShopSettings,
  SIGNING_SECRET,
  slackPath,
  startAlertStack,
  type AlertStack,
} from "../support/alerts.ts";
import { installShop, settled, type TestShop } from "../support/shop.ts";
import { waitFor } from "../support/stack.ts";

const RACERS = 8;

let stack: AlertStack;
let racers: Db[];
let redis: Redis;
let deliveries: Queue<DeliveryJob>;
beforeAll(async () => {
  stack = await startAlertStack();
  const w2 = stack.startExtraWorker("worker-2");
  const w3 = stack.startExtraWorker("worker-3");
  await waitFor("three workers", async () =>
    [stack.worker, w2, w3].every((p) => p.output().includes('"msg":"worker started"')),
  );
  racers = Array.from({ length: RACERS }, () => createDb(stack.databaseUrl, 1));
  redis = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const env = parseEnv({ ...stack.env, ...stack.workerEnv });
  deliveries = new Queue<DeliveryJob>("deliveries", {
    connection: redis,
    prefix: stack.queuePrefix,
    defaultJobOptions: deliveryJobOptions(env),
  });
});
afterAll(async () => {
  await deliveries?.close();
  redis?.disconnect();
  await Promise.all((racers ?? []).map(closeDb));
  await stack?.close();
});

// RACERS evaluators, each on its own connection, released at the same instant: the production
// evaluation code, as N extra workers would run it.
async function race(shop: TestShop, variantId: number): Promise<EvaluationSummary[]> {
  const log = createLogger("racer", "silent");
  const enqueue = makeEnqueue(deliveries, systemClock);
  return Promise.all(
    racers.map((db) =>
      evaluateVariants({ db, log, clock: systemClock, enqueue }, shop.id, [String(variantId)]),
    ),
  );
}

// The stock changes before any worker hears of it (the webhook is still on its way).
async function lowerStock(shop: TestShop, available: number) {
  await stack.db.query(
    `UPDATE inventory_levels SET available = $3 WHERE shop_id = $1 AND inventory_item_id = $2`,
    [shop.id, shop.variants[0]!.inventoryItemId, available],
  );
}

// The same level change delivered the ways Shopify does: one webhook id several times, and the
// same payload under new ids (a re-sent event).
async function duplicates(shop: TestShop, index: number, available: number, updatedAt: string) {
  const v = shop.variants[index]!;
  const payload = levelPayload(v.inventoryItemId, 1, available, updatedAt);
  const webhookId = `dup-${available}-${updatedAt}`;
  const answers = await Promise.all([
    ...Array.from({ length: 4 }, () =>
      shop.send("inventory_levels/update", payload, { webhookId }),
    ),
    ...Array.from({ length: 4 }, () => shop.send("inventory_levels/update", payload)),
  ]);
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
}

describe("exactly once", () => {
  it("one notification per episode step per channel, with duplicates, three workers, racing evaluators and retries", async () => {
    const shop = await installShop(stack.webUrl, stack.db, "once.myshopify.com", { variants: 1 });
    await setShopSettings(stack, shop.id, { lowStockThreshold: 10 });
    const discord = discordWebhook();
    const slack = slackPath();
    const ch = {
      email: await addChannel(stack, shop.id, {
        kind: "email",
        name: "Owner",
        config: { recipients: ["owner@once.test"], sender: { email: "ops@once.test" } },
      }),
      discord: await addChannel(stack, shop.id, {
        kind: "discord",
        name: "#stock",
        config: { webhookUrl: discord.url },
      }),
      slack: await addChannel(stack, shop.id, {
        kind: "slack",
        name: "#ops",
        config: { webhookUrl: `${stack.fakes.slack.url}${slack}` },
      }),
      webhook: await addChannel(stack, shop.id, {
        kind: "webhook",
        name: "ERP",
        config: { url: `${stack.fakes.receiver.url}/once`, signingSecret: SIGNING_SECRET },
      }),
    };
    const v = shop.variants[0]!;
    await setLevel(shop, 0, 50);
    await evaluated(stack, shop, 0, 50);
    const t = (s: number) => new Date(Date.now() + s * 1000).toISOString();

    // Step 1, open: eight evaluators race on a stock drop no worker has seen yet, then the
    // webhook arrives in duplicates; the first Discord attempt fails and is retried.
    stack.fakes.discord.script({ status: 503, body: { message: "upstream", code: 0 } });
    await lowerStock(shop, 8);
    const opened = await race(shop, v.id);
    await duplicates(shop, 0, 8, t(1));
    await evaluated(stack, shop, 0, 8);

    // Step 2, escalation, the same way round.
    await lowerStock(shop, 2);
    const escalated = await race(shop, v.id);
    await duplicates(shop, 0, 2, t(2));
    await evaluated(stack, shop, 0, 2);

    // Step 3, resolution after a restock, the same way round.
    await lowerStock(shop, 40);
    const resolved = await race(shop, v.id);
    await duplicates(shop, 0, 40, t(3));
    await evaluated(stack, shop, 0, 40);
    await settled(stack.db, shop.domain);

    await waitFor("every notification delivered", async () => {
      const rows = await notifications(stack, shop.id);
      return rows.length === 12 && rows.every((r) => r.status === "sent");
    });
    // Give any duplicate a chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1_000));

    const steps = ["open", "escalate:critical", "resolve"];
    const rows = await notifications(stack, shop.id);
    for (const c of Object.values(ch))
      expect(rows.filter((r) => r.channel_id === c).map((r) => [r.step, r.status])).toEqual(
        steps.map((s) => [s, "sent"]),
      );
    expect((await episodes(stack, shop.id)).map((e) => [e.kind, e.state, e.peak_severity])).toEqual(
      [["low_stock", "resolved", "critical"]],
    );

    // At the destinations: three messages each, no more.
    const mails = stack.fakes.sendgrid.requests.filter((r) => r.raw.includes("owner@once.test"));
    expect(mails.map((m) => (m.json as { subject: string }).subject.slice(0, 14))).toEqual([
      "[Attention] On",
      "[Critical] Now",
      "[Resolved] Res",
    ]);
    expect(stack.fakes.discord.messages.filter((m) => m.webhookId === discord.id)).toHaveLength(3);
    expect(stack.fakes.slack.requests.filter((r) => r.path === slack)).toHaveLength(3);
    const hooks = stack.fakes.receiver.verified.filter((r) => r.path === "/once");
    const episodeId = rows[0] && (await episodes(stack, shop.id))[0]!.id;
    expect(hooks.map((h) => h.headers["x-radar-delivery"])).toEqual(
      steps.map((s) => `${episodeId}:${s}`),
    );

    // The retry happened, and still one Discord message for the step.
    expect((await attempts(stack, shop.id, ch.discord)).map((a) => a.outcome)).toEqual([
      "retry",
      "sent",
      "sent",
      "sent",
    ]);

    // The racers did race: exactly one of them won each step; the others found the key opened
    // (INSERT … ON CONFLICT) or the step taken (compare-and-set) and created nothing.
    const won = (runs: EvaluationSummary[], action: string) =>
      runs.reduce((n, r) => n + (r.transitions[action] ?? 0), 0);
    const created = (runs: EvaluationSummary[]) => runs.reduce((n, r) => n + r.notifications, 0);
    console.info(
      "racers that lost the open to another (INSERT … ON CONFLICT):",
      won(opened, "open_lost_race"),
    );
    expect(won(opened, "open")).toBe(1);
    expect(created(opened)).toBe(4);
    expect(won(escalated, "escalate")).toBe(1);
    expect(created(escalated)).toBe(4);
    expect(won(resolved, "resolve")).toBe(1);
    expect(created(resolved)).toBe(4);
  });
});
