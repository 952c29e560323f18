// Alerts end to end: signed webhooks in, the real worker evaluates the rules and delivers through
// the official clients (@sendgrid/mail, discord.js, @slack/webhook, undici) to local fakes of the
// documented endpoints. What the fakes receive is what a merchant would see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../channels/index.ts";
import { isSealed } from "../../infra/crypto.ts";
import { day, dayRange, money, perDay, units } from "../../domain/messages/index.ts";
import {
  sendTestAlert,
  testAlertClient,
  type TestAlertClient,
} from "../../app/alerts/test-alert.server.ts";
import { discordError, discordRateLimit } from "../fakes/index.ts";
import {
  addChannel,
  APP_SENDGRID_KEY,
  attempts,
  boxFor,
  deliveriesDone,
  discordWebhook,
  dropTo,
  episodes,
  evaluated,
  FROM_EMAIL,
  notifications,
  sellingVariant,
  setLevel,
  setShopSettings,
  SIGNING_SECRET,
  slackPath,
  startAlertStack,
  type AlertStack,
} from "../support/alerts.ts";
import { installShop, type TestShop } from "../support/shop.ts";
import { readShopSettings } from "../../domain/settings.ts";
import { saveShopSettings } from "../../app/dashboard/settings.server.ts";
import { waitFor } from "../support/stack.ts";

let stack: AlertStack;
let tester: TestAlertClient;
beforeAll(async () => {
  stack = await startAlertStack({
    workerEnv: { LOG_LEVEL: "debug", ALERT_SEND_TIMEOUT_MS: "1000", ALERT_BREAKER_FAILURES: "3" },
  });
  tester = testAlertClient(stack.env.REDIS_URL!, stack.queuePrefix);
});
afterAll(async () => {
  await tester?.close();
  await stack?.close();
});

const secrets = new Set<string>([APP_SENDGRID_KEY, SIGNING_SECRET]);
type Hooks = { discord: ReturnType<typeof discordWebhook>; slack: string };
const hooks = new Map<number, Hooks>();

async function newShop(domain: string, variants = 2): Promise<TestShop> {
  const shop = await installShop(stack.webUrl, stack.db, domain, { variants });
  await setShopSettings(stack, shop.id, {
    lowStockThreshold: 10,
    leadTimeDays: 14,
    alertHorizonDays: 7,
  });
  const discord = discordWebhook();
  const slack = slackPath();
  hooks.set(shop.id, { discord, slack });
  secrets.add(discord.token).add(slack);
  return shop;
}

const emailChannel = (name = "Owner") => ({
  kind: "email" as const,
  name,
  config: {
    recipients: ["owner@northwind.test", "buyer@northwind.test"],
    sender: { email: "ops@northwind.test", name: "Northwind stock" },
  },
});
const discordChannel = (shop: TestShop, extra: { fallbackChannelId?: number } = {}) => ({
  kind: "discord" as const,
  name: "#stock",
  config: { webhookUrl: hooks.get(shop.id)!.discord.url },
  ...extra,
});
const slackChannel = (shop: TestShop) => ({
  kind: "slack" as const,
  name: "#ops",
  config: { webhookUrl: `${stack.fakes.slack.url}${hooks.get(shop.id)!.slack}` },
});

const at = {
  email: (shop: TestShop) =>
    stack.fakes.sendgrid.requests.filter((r) => r.raw.includes(`/store/${handle(shop)}/`)),
  discord: (shop: TestShop) =>
    stack.fakes.discord.messages.filter((m) => m.webhookId === hooks.get(shop.id)!.discord.id),
  discordRequests: (shop: TestShop) =>
    stack.fakes.discord.requests.filter((r) =>
      r.path.includes(`/${hooks.get(shop.id)!.discord.id}/`),
    ),
  slack: (shop: TestShop) =>
    stack.fakes.slack.requests.filter((r) => r.path === hooks.get(shop.id)!.slack),
  webhook: (shop: TestShop) =>
    stack.fakes.receiver.verified.filter((r) => r.path === `/radar/${shop.id}`),
};
const handle = (shop: TestShop) => shop.domain.replace(".myshopify.com", "");
const titles = (shop: TestShop) =>
  at.discord(shop).map((m) => (m.message.embeds[0] as { title: string }).title);

// A variant that is stocked but does not sell: only the low-stock rule speaks for it.
async function stocked(shop: TestShop, index: number, units = 50) {
  await setLevel(shop, index, units);
  await evaluated(stack, shop, index, units);
}

const drop = (shop: TestShop, index: number, units: number) => dropTo(stack, shop, index, units);
const quiet = (shop: TestShop) => deliveriesDone(stack, shop);

describe("a stock drop under the threshold", () => {
  it("reaches every channel once, saying what, how many, how fast, when, how much to reorder and what is at risk", async () => {
    const shop = await newShop("northwind.myshopify.com");
    const v = shop.variants[0]!;
    const ch = {
      email: await addChannel(stack, shop.id, emailChannel()),
      discord: await addChannel(stack, shop.id, discordChannel(shop)),
      slack: await addChannel(stack, shop.id, slackChannel(shop)),
      webhook: await addChannel(stack, shop.id, {
        kind: "webhook",
        name: "ERP",
        config: {
          url: `${stack.fakes.receiver.url}/radar/${shop.id}`,
          signingSecret: SIGNING_SECRET,
        },
      }),
    };
    await sellingVariant(stack, shop, 0, { days: 14, perDay: 3, stock: 500, now: 200 });
    await evaluated(stack, shop, 0, 200);
    expect(await notifications(stack, shop.id)).toEqual([]);

    await drop(shop, 0, 4);
    await waitFor("4 messages", async () =>
      [at.email, at.discord, at.slack, at.webhook].every((f) => f(shop).length >= 1),
    );
    const { rows } = await stack.db.query(
      `SELECT velocity, suggested_qty, reorder_point, revenue_at_risk::float8 AS risk,
              to_char(stockout_p10, 'YYYY-MM-DD') AS p10, to_char(stockout_p50, 'YYYY-MM-DD') AS p50,
              to_char(stockout_p90, 'YYYY-MM-DD') AS p90, to_char(now(), 'YYYY-MM-DD') AS today
       FROM forecasts WHERE shop_id = $1 AND variant_id = $2`,
      [shop.id, v.id],
    );
    const f = rows[0]!;
    const title = `Product ${shop.productId} – Variant 1`;
    const admin = `https://admin.shopify.com/store/northwind/products/${shop.productId}/variants/${v.id}`;
    const expectFacts = (text: string) => {
      expect(text).toContain(title); // what
      expect(text).toContain("4 (all locations)"); // how many left
      expect(text).toContain(perDay(f.velocity)); // how fast
      expect(text).toContain(`${day(f.p50, f.today)} (likely ${dayRange(f.p10, f.p90, f.today)})`); // when
      expect(text).toContain(`${units(f.suggested_qty)} units`); // how much to reorder
      expect(text).toContain(money(f.risk, "USD")); // what is at stake
      expect(text).toContain(admin); // where to act
      expect(text).toContain(v.sku);
    };

    // Email: from our verified sender, the merchant as reply-to, one copy per recipient.
    const [mail, ...moreMail] = at.email(shop);
    const body = mail!.json as {
      from: { email: string; name: string };
      reply_to: { email: string };
      personalizations: { to: { email: string }[] }[];
      subject: string;
      content: { type: string; value: string }[];
    };
    expect(moreMail).toEqual([]);
    expect(mail!.headers.authorization).toBe(`Bearer ${APP_SENDGRID_KEY}`);
    expect(body.from).toEqual({ email: FROM_EMAIL, name: "Northwind stock" });
    expect(body.reply_to.email).toBe("ops@northwind.test");
    expect(body.personalizations.map((p) => p.to.map((t) => t.email))).toEqual([
      ["owner@northwind.test"],
      ["buyer@northwind.test"],
    ]);
    expect(body.subject).toMatch(new RegExp(`^\\[Critical\\] ${title} runs out`));
    expect(body.subject).toContain(`reorder ${units(f.suggested_qty)}`);
    expectFacts(body.content.find((c) => c.type === "text/plain")!.value);
    expect(body.content.find((c) => c.type === "text/html")!.value).toContain(admin);

    // Discord: one embed, red, the facts as fields, the admin link as its URL.
    expect(at.discord(shop)).toHaveLength(1);
    const embed = at.discord(shop)[0]!.message.embeds[0] as {
      title: string;
      url: string;
      color: number;
      fields: { name: string; value: string }[];
    };
    expect(embed.title).toMatch(new RegExp(`^🔴 ${title} runs out`));
    expect(embed.url).toBe(admin);
    expect(embed.color).toBe(0xd72c0d);
    expect(embed.fields.map((x) => x.name)).toEqual([
      "In stock",
      "Sells",
      "Runs out",
      "Reorder",
      "Revenue at risk",
      "SKU",
      "Links",
    ]);
    expectFacts([embed.title, ...embed.fields.map((x) => `${x.name}: ${x.value}`)].join("\n"));

    // Slack: Block Kit with the same facts and buttons.
    expect(at.slack(shop)).toHaveLength(1);
    expectFacts(at.slack(shop)[0]!.raw);

    // Generic webhook: signed, versioned JSON with raw values.
    expect(at.webhook(shop)).toHaveLength(1);
    const hook = at.webhook(shop)[0]!;
    const signed = verifyWebhookSignature(
      SIGNING_SECRET,
      {
        signature: String(hook.headers["x-radar-signature"]),
        timestamp: String(hook.headers["x-radar-timestamp"]),
      },
      hook.raw,
    );
    expect(signed).toBe(true);
    const payload = hook.json as { type: string; id: string; alert: Record<string, unknown> };
    expect(payload.type).toBe("alert.opened");
    expect(hook.headers["x-radar-delivery"]).toBe(payload.id);
    expect(payload.alert).toMatchObject({
      kind: "stockout_predicted",
      severity: "critical",
      product: { id: String(shop.productId), title: `Product ${shop.productId}` },
      variant: { id: String(v.id), sku: v.sku },
      stock: { available: 4, totalAvailable: 4 },
      forecast: { stockoutP10: f.p10, stockoutP50: f.p50, stockoutP90: f.p90 },
      reorder: { suggestedQty: f.suggested_qty, leadTimeDays: 14 },
      revenueAtRisk: { amount: f.risk, currency: "USD" },
      links: { admin },
    });

    // The database agrees: one notification per channel, each sent once, each attempt logged.
    await quiet(shop);
    const sent = await notifications(stack, shop.id);
    expect(sent.map((r) => [r.channel_id, r.step, r.status, r.kind, r.attempts])).toEqual(
      [ch.email, ch.discord, ch.slack, ch.webhook].map((c) => [
        c,
        "open",
        "sent",
        "stockout_predicted",
        1,
      ]),
    );
    for (const c of Object.values(ch))
      expect(await attempts(stack, shop.id, c)).toMatchObject([{ outcome: "sent", error: null }]);
  });
});

describe("episodes", () => {
  it("open once, escalate when it gets worse, stay quiet while unchanged, resolve after a restock, and do not flap", async () => {
    const shop = await newShop("episodes.myshopify.com");
    await addChannel(stack, shop.id, discordChannel(shop));
    const name = `Product ${shop.productId}`;
    await stocked(shop, 0, 50);

    await drop(shop, 0, 8); // threshold 10: attention
    await drop(shop, 0, 7); // ≤ 70 %: warning → escalates
    await drop(shop, 0, 6); // still warning: nothing new
    await drop(shop, 0, 6); // a duplicate level: nothing new
    await drop(shop, 0, 2); // ≤ 30 %: critical → escalates
    await drop(shop, 0, 3); // better, still critical: nothing new
    await quiet(shop);
    await drop(shop, 0, 50); // restocked → resolves
    await quiet(shop);
    await drop(shop, 0, 5); // low again within the cooldown: the safety net holds it back
    await quiet(shop);

    expect(titles(shop)).toEqual([
      `🟡 Only 8 left of ${name} – Variant 1`,
      `🟠 Now warning: Only 7 left of ${name} – Variant 1`,
      `🔴 Now critical: Only 2 left of ${name} – Variant 1`,
      `✅ Restocked: ${name} – Variant 1`,
    ]);
    expect((await notifications(stack, shop.id)).map((n) => [n.step, n.status])).toEqual([
      ["open", "sent"],
      ["escalate:warning", "sent"],
      ["escalate:critical", "sent"],
      ["resolve", "sent"],
    ]);
    expect((await episodes(stack, shop.id)).map((e) => [e.kind, e.state, e.peak_severity])).toEqual(
      [["low_stock", "resolved", "critical"]],
    );
  });

  it("a new alert policy re-evaluates every variant silently; later changes notify as usual", async () => {
    const shop = await newShop("policy.myshopify.com", 3); // low-stock threshold 10
    await addChannel(stack, shop.id, discordChannel(shop));
    for (const i of [0, 1, 2]) await stocked(shop, i, 12 + i);
    await quiet(shop);
    expect(titles(shop)).toEqual([]);

    // The merchant raises the threshold to 20 on the settings page: three variants are now low.
    const current = readShopSettings(
      (await stack.db.query(`SELECT settings FROM shop_settings WHERE shop_id = $1`, [shop.id]))
        .rows[0]!.settings,
    );
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...current, lowStockThreshold: 20 })) {
      if (typeof v === "object")
        for (const [kk, vv] of Object.entries(v)) form.set(`${k}.${kk}`, String(vv));
      else form.set(k, String(v));
    }
    expect((await saveShopSettings(stack.db, shop.id, current, form)).ok).toBe(true);
    await waitFor(
      "the new policy applied",
      async () => (await episodes(stack, shop.id)).length === 3,
    );
    await quiet(shop);
    expect(titles(shop)).toEqual([]); // recorded and on the dashboard, not a burst of pings

    await drop(shop, 0, 5); // ≤ 30 % of 20: critical, a real change: it notifies
    await quiet(shop);
    expect(titles(shop)).toEqual([
      `🔴 Now critical: Only 5 left of Product ${shop.productId} – Variant 1`,
    ]);
  });

  it("snooze records the episode silently and releases it once lifted; a muted vendor never pings", async () => {
    const shop = await newShop("snooze.myshopify.com", 3);
    await addChannel(stack, shop.id, discordChannel(shop));
    const [v0] = shop.variants;
    await stocked(shop, 0, 50);
    await stocked(shop, 1, 50);
    await stack.db.query(
      `INSERT INTO variant_overrides (shop_id, variant_id, snoozed_until) VALUES ($1, $2, now() + interval '1 day')`,
      [shop.id, v0!.id],
    );
    await stack.db.query(
      `INSERT INTO vendor_overrides (shop_id, vendor, muted) VALUES ($1, 'Acme', true)`,
      [shop.id],
    );
    await drop(shop, 0, 3);
    await drop(shop, 1, 3);
    await quiet(shop);
    expect(at.discord(shop)).toEqual([]);
    expect((await episodes(stack, shop.id)).map((e) => [e.kind, e.state, e.open_notified])).toEqual(
      [
        ["low_stock", "open", false],
        ["low_stock", "open", false],
      ],
    );

    // The vendor is unmuted but variant 0 stays snoozed for a day: still nothing for it.
    await stack.db.query(`UPDATE vendor_overrides SET muted = false WHERE shop_id = $1`, [shop.id]);
    await drop(shop, 1, 2);
    await quiet(shop);
    expect(titles(shop)).toEqual([`🔴 Only 2 left of Product ${shop.productId} – Variant 2`]);

    // Snooze lifted and still low: the merchant hears about it, once.
    await stack.db.query(`UPDATE variant_overrides SET snoozed_until = NULL WHERE shop_id = $1`, [
      shop.id,
    ]);
    await drop(shop, 0, 2);
    await drop(shop, 0, 2);
    await quiet(shop);
    expect(titles(shop)).toEqual([
      `🔴 Only 2 left of Product ${shop.productId} – Variant 2`,
      `🔴 Only 2 left of Product ${shop.productId} – Variant 1`,
    ]);
  });
});

describe("install baseline", () => {
  it("records what is already wrong while the backfill runs, without a flood of notifications", async () => {
    const shop = await newShop("baseline.myshopify.com");
    await addChannel(stack, shop.id, discordChannel(shop));
    await stocked(shop, 0);
    await stack.db.query(`UPDATE shops SET backfill_phase = 'forecast' WHERE id = $1`, [shop.id]);
    await drop(shop, 0, 3);
    await drop(shop, 1, 2);
    await stack.db.query(`UPDATE shops SET backfill_phase = 'done' WHERE id = $1`, [shop.id]);
    await drop(shop, 0, 3); // evaluated again after the backfill: still open, already known
    await quiet(shop);
    expect(at.discord(shop)).toEqual([]);
    expect(await notifications(stack, shop.id)).toEqual([]);
    expect((await episodes(stack, shop.id)).map((e) => [e.kind, e.state, e.open_notified])).toEqual(
      [
        ["low_stock", "open", true],
        ["low_stock", "open", true],
      ],
    );
  });
});

describe("delivery failures", () => {
  it("waits exactly as long as Discord's 429 retry_after says", async () => {
    const shop = await newShop("ratelimit.myshopify.com");
    const discord = await addChannel(stack, shop.id, discordChannel(shop));
    await stocked(shop, 0);
    stack.fakes.discord.script(discordRateLimit(1.25));
    await drop(shop, 0, 2);
    await waitFor("sent after the wait", async () => at.discord(shop).length === 1);
    await quiet(shop);
    const [first, second] = at.discordRequests(shop);
    const waited = second!.at - first!.at;
    console.info(`Discord asked for 1250 ms; the retry came ${waited} ms after the 429`);
    expect(waited).toBeGreaterThanOrEqual(1_250);
    expect(waited).toBeLessThan(1_250 + 600);
    expect(await attempts(stack, shop.id, discord)).toMatchObject([
      { outcome: "retry", response_code: 429, retry_after_ms: 1_250, error: "Discord rate limit" },
      { outcome: "sent", response_code: 200 },
    ]);
  });

  it("retries a 5xx with back-off and a slow answer past the timeout, then sends", async () => {
    const shop = await newShop("flaky.myshopify.com");
    const discord = await addChannel(stack, shop.id, discordChannel(shop));
    await stocked(shop, 0);
    stack.fakes.discord.script(
      { status: 502, body: "Bad Gateway" },
      { status: 200, body: {}, delayMs: 2_500 },
    );
    await drop(shop, 0, 2);
    await waitFor("sent on the third try", async () => at.discord(shop).length === 1, 15_000);
    await quiet(shop);
    const log = await attempts(stack, shop.id, discord);
    expect(log.map((a) => [a.outcome, a.response_code])).toEqual([
      ["retry", 502],
      ["retry", null],
      ["sent", 200],
    ]);
    expect(log[1]!.error).toBe("timed out after 1000 ms");
    expect(log[1]!.duration_ms).toBeGreaterThanOrEqual(1_000);
    expect((await notifications(stack, shop.id)).map((n) => [n.status, n.attempts])).toEqual([
      ["sent", 3],
    ]);
  });

  it("a deleted Discord webhook marks the channel unhealthy and the fallback channel takes over", async () => {
    const shop = await newShop("gone.myshopify.com");
    const email = await addChannel(stack, shop.id, emailChannel("Fallback mail"));
    const discord = await addChannel(
      stack,
      shop.id,
      discordChannel(shop, { fallbackChannelId: email }),
    );
    // Critical alerts only on its own: everything else reaches it only as Discord's fallback.
    await stack.db.query(`UPDATE channels SET min_severity = 'critical' WHERE id = $1`, [email]);
    await stocked(shop, 0);
    await stocked(shop, 1);
    stack.fakes.discord.deleteWebhook(hooks.get(shop.id)!.discord.id);

    await drop(shop, 0, 8); // attention: below the email channel's own minimum, so only via fallback
    await waitFor("fallback email", async () => at.email(shop).length === 1);
    const { rows } = await stack.db.query(
      `SELECT healthy, unhealthy_reason FROM channels WHERE id = $1`,
      [discord],
    );
    expect(rows[0]).toEqual({
      healthy: false,
      unhealthy_reason: "Discord 404 (code 10015): Unknown Webhook",
    });
    expect(await attempts(stack, shop.id, discord)).toMatchObject([
      { outcome: "failed", response_code: 404, error: "Discord 404 (code 10015): Unknown Webhook" },
    ]);
    await quiet(shop);
    expect(
      (await notifications(stack, shop.id)).map((n) => [n.channel_id, n.status, n.fallback_for]),
    ).toEqual([
      [discord, "failed", null],
      [email, "sent", discord],
    ]);
    expect((at.email(shop)[0]!.json as { subject: string }).subject).toMatch(
      /^\[Attention\] Only 8 left/,
    );

    // The next alert is routed to the fallback straight away: no more calls to a dead webhook.
    const before = at.discordRequests(shop).length;
    await drop(shop, 1, 8);
    await waitFor("second fallback email", async () => at.email(shop).length === 2);
    expect(at.discordRequests(shop)).toHaveLength(before);
  });

  it("opens the breaker after repeated 5xx and hands the alert to the fallback", async () => {
    const shop = await newShop("breaker.myshopify.com");
    const slack = await addChannel(stack, shop.id, slackChannel(shop));
    const discord = await addChannel(
      stack,
      shop.id,
      discordChannel(shop, { fallbackChannelId: slack }),
    );
    await stack.db.query(`UPDATE channels SET min_severity = 'critical' WHERE id = $1`, [slack]);
    await stocked(shop, 0);
    const unavailable = { status: 503, body: { message: "upstream unavailable", code: 0 } };
    stack.fakes.discord.script(unavailable, unavailable, unavailable);
    await drop(shop, 0, 8);
    await waitFor("fallback to Slack", async () => at.slack(shop).length === 1, 15_000);
    await quiet(shop);
    expect((await attempts(stack, shop.id, discord)).map((a) => a.outcome)).toEqual([
      "retry",
      "retry",
      "retry",
      "breaker_open",
    ]);
    expect(at.discordRequests(shop)).toHaveLength(3); // the open breaker spared Discord a fourth call
    expect(
      (await notifications(stack, shop.id)).map((n) => [n.channel_id, n.status, n.fallback_for]),
    ).toEqual([
      [discord, "parked", null],
      [slack, "sent", discord],
    ]);
    expect(await stack.metric("radar_delivery_breaker_opened_total")).toBeGreaterThanOrEqual(1);
  });
});

describe("send test alert", () => {
  it("answers with the destination's live outcome, logs it, and tracks the channel's health", async () => {
    const shop = await newShop("testalert.myshopify.com");
    const discord = await addChannel(stack, shop.id, discordChannel(shop));
    const email = await addChannel(stack, shop.id, emailChannel());

    expect(await sendTestAlert(tester, shop.id, discord)).toMatchObject({
      ok: true,
      status: 200,
      healthy: true,
    });
    expect(await sendTestAlert(tester, shop.id, email)).toMatchObject({
      ok: true,
      status: 202,
      healthy: true,
    });
    const [msg] = at.discord(shop);
    expect((msg!.message.embeds[0] as { title: string }).title).toContain("Sample product");
    expect(msg!.message.embeds[0]).toMatchObject({
      description: expect.stringContaining("Test alert"),
    });

    stack.fakes.discord.script(discordError(403, 50013, "Missing Permissions"));
    expect(await sendTestAlert(tester, shop.id, discord)).toEqual({
      ok: false,
      status: 403,
      error: "Discord 403 (code 50013): Missing Permissions",
      durationMs: expect.any(Number),
      healthy: false,
    });
    // Fixed on Discord's side: a successful test re-enables the channel.
    expect(await sendTestAlert(tester, shop.id, discord)).toMatchObject({
      ok: true,
      healthy: true,
    });
    expect(await sendTestAlert(tester, shop.id, 999_999)).toMatchObject({
      ok: false,
      error: "no such channel",
    });
    // A Slack webhook removed on Slack's side: 404 no_service, the channel is unhealthy.
    const slack = await addChannel(stack, shop.id, slackChannel(shop));
    stack.fakes.slack.remove(hooks.get(shop.id)!.slack);
    expect(await sendTestAlert(tester, shop.id, slack)).toMatchObject({
      ok: false,
      status: 404,
      error: "Slack 404: no_service",
      healthy: false,
    });
    expect(
      (await attempts(stack, shop.id, discord)).map((a) => [
        a.outcome,
        a.response_code,
        a.notification_id,
      ]),
    ).toEqual([
      ["test", 200, null],
      ["test", 403, null],
      ["test", 200, null],
    ]);
  });
});

describe("secrets", () => {
  it("are stored sealed and never appear in any process output", async () => {
    const { rows } = await stack.db.query<{ kind: string; secret_enc: string; config: unknown }>(
      `SELECT kind, secret_enc, config FROM channels`,
    );
    expect(rows.length).toBeGreaterThan(5);
    const box = boxFor(stack);
    for (const r of rows) {
      expect(isSealed(r.secret_enc)).toBe(true);
      const plain = box.open(r.secret_enc);
      for (const s of secrets) {
        expect(r.secret_enc).not.toContain(s);
        expect(JSON.stringify(r.config)).not.toContain(s);
      }
      if (r.kind === "discord")
        expect(plain).toMatch(
          /^\{"kind":"discord","webhookUrl":"https:\/\/discord\.com\/api\/webhooks\//,
        );
    }
    const { rows: logged } = await stack.db.query<{ error: string | null }>(
      `SELECT error FROM delivery_attempts`,
    );
    const output = [stack.web.output(), stack.worker.output(), JSON.stringify(logged)].join("\n");
    expect(output).toContain('"msg":"alert sent"'); // the worker did log (at debug level), just not secrets
    for (const s of secrets) expect(output).not.toContain(s);
  });
});
