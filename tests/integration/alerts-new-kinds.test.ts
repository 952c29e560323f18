// The new channel kinds end to end: signed webhooks in, the real worker evaluates the rules and
// delivers through each kind's official client (undici, twilio, @googleapis/sheets) to local fakes
// of Teams Workflows, the Telegram Bot API, Twilio and Google. Live alerts and test alerts reach
// each destination exactly once; 429s wait as told, 5xx retry, revoked credentials mark the
// channel unhealthy and its fallback takes the step.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  sendTestAlert,
  testAlertClient,
  type TestAlertClient,
} from "../../app/alerts/test-alert.server.ts";
import {
  sheetsQuotaExceeded,
  startFakeGoogle,
  startFakeTeams,
  startFakeTelegram,
  startFakeTwilio,
  telegramRateLimit,
  type FakeGoogle,
  type FakeTeams,
  type FakeTelegram,
  type FakeTwilio,
} from "../fakes/index.ts";
import {
  addChannel,
  attempts,
  deliveriesDone,
  dropTo,
  evaluated,
  notifications,
  sellingVariant,
  setShopSettings,
  startAlertStack,
  type AlertStack,
} from "../support/alerts.ts";
import { installShop, type TestShop } from "../support/shop.ts";
import { waitFor } from "../support/stack.ts";

const TEAMS_SIG = randomBytes(24).toString("base64url");
const BOT = `7012345678:${randomBytes(26).toString("base64url")}`;
const CHAT = "-1001234567890";
const TWILIO_SID = `AC${randomBytes(16).toString("hex")}`;
const TWILIO_TOKEN = randomBytes(16).toString("hex");
const SA_EMAIL = "radar@northwind-ops.iam.gserviceaccount.com";
const SHEET_ID = `1${randomBytes(20).toString("base64url")}`;
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

let stack: AlertStack;
let tester: TestAlertClient;
let teams: FakeTeams;
let telegram: FakeTelegram;
let twilio: FakeTwilio;
let google: FakeGoogle;

beforeAll(async () => {
  teams = await startFakeTeams({ workflows: [{ id: "wf-stock", sig: TEAMS_SIG }] });
  telegram = await startFakeTelegram({ bots: [{ token: BOT, chats: [CHAT, "42"] }] });
  twilio = await startFakeTwilio({ accounts: [{ sid: TWILIO_SID, token: TWILIO_TOKEN }] });
  google = await startFakeGoogle({
    serviceAccounts: [
      {
        email: SA_EMAIL,
        publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
      },
    ],
    spreadsheets: [{ id: SHEET_ID, sharedWith: [SA_EMAIL] }],
  });
  stack = await startAlertStack({
    workerEnv: {
      TELEGRAM_API_BASE: telegram.url,
      TWILIO_API_BASE: twilio.url,
      GOOGLE_API_BASE: google.url,
      ALERT_SEND_TIMEOUT_MS: "2000",
    },
  });
  tester = testAlertClient(stack.env.REDIS_URL!, stack.queuePrefix);
});
afterAll(async () => {
  await tester?.close();
  await stack?.close();
  await Promise.all([teams, telegram, twilio, google].map((f) => f?.close()));
});

async function newShop(domain: string): Promise<TestShop> {
  const shop = await installShop(stack.webUrl, stack.db, domain, { variants: 2 });
  await setShopSettings(stack, shop.id, {
    lowStockThreshold: 10,
    leadTimeDays: 14,
    alertHorizonDays: 7,
  });
  return shop;
}

const channels = {
  teams: { kind: "teams", name: "Stock (Teams)", config: { webhookUrl: "" } },
  telegram: { kind: "telegram", name: "Ops group", config: { botToken: BOT, chatId: CHAT } },
  whatsapp: {
    kind: "whatsapp",
    name: "Owner's WhatsApp",
    config: {
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      from: "+14155238886",
      to: "+5215512345678",
    },
  },
  sms: {
    kind: "sms",
    name: "Buyer's phone",
    config: {
      accountSid: TWILIO_SID,
      authToken: TWILIO_TOKEN,
      from: "+15005550006",
      to: "+5215587654321",
    },
  },
  sheets: {
    kind: "sheets",
    name: "Alert log",
    config: {
      spreadsheet: SHEET_ID,
      sheet: "Alerts",
      credentials: JSON.stringify({
        type: "service_account",
        client_email: SA_EMAIL,
        private_key: PRIVATE_KEY,
      }),
    },
  },
};

const received = {
  teams: () => teams.cards.length,
  telegram: () => telegram.messages.length,
  whatsapp: () => twilio.messages.filter((m) => m.params.To?.startsWith("whatsapp:")).length,
  sms: () => twilio.messages.filter((m) => m.params.To === "+5215587654321").length,
  sheets: () => Math.max(0, google.rows(SHEET_ID, "Alerts").length - 1),
};

describe("the new kinds in the delivery pipeline", () => {
  let shop: TestShop;
  const ids: Record<keyof typeof channels, number> = {
    teams: 0,
    telegram: 0,
    whatsapp: 0,
    sms: 0,
    sheets: 0,
  };

  it("deliver a test alert each, with the destination's live answer", async () => {
    shop = await newShop("tienda-norte.myshopify.com");
    for (const [k, c] of Object.entries(channels) as [
      keyof typeof channels,
      (typeof channels)[keyof typeof channels],
    ][])
      ids[k] = await addChannel(stack, shop.id, {
        ...c,
        config: k === "teams" ? { webhookUrl: teams.urlFor("wf-stock", TEAMS_SIG) } : c.config,
      });
    for (const k of Object.keys(channels) as (keyof typeof channels)[]) {
      const out = await sendTestAlert(tester, shop.id, ids[k]);
      expect(out, k).toMatchObject({ ok: true, healthy: true });
      expect(received[k](), k).toBe(1);
    }
    expect(JSON.stringify(teams.cards[0]!.card)).toContain("Test alert with sample data");
    expect(telegram.messages[0]!.text).toContain("<i>Test alert with sample data");
    expect(google.rows(SHEET_ID, "Alerts")[1]?.[5]).toBe("test");
    // Test alerts are logged, outcome "test", never as a delivery.
    expect(await notifications(stack, shop.id)).toEqual([]);
  });

  it("deliver a live alert exactly once each, even when the same webhook arrives twice", async () => {
    const before = Object.fromEntries(Object.entries(received).map(([k, f]) => [k, f()]));
    telegram.script(telegramRateLimit(1)); // the first Telegram send is told to wait a second
    google.script(sheetsQuotaExceeded()); // the first Sheets call meets the quota (no Retry-After)
    await sellingVariant(stack, shop, 0, { days: 14, perDay: 3, stock: 500, now: 200 });
    await evaluated(stack, shop, 0, 200);
    await dropTo(stack, shop, 0, 4);
    await dropTo(stack, shop, 0, 4); // a duplicate level: the episode is already open
    await waitFor("every new kind received the alert", async () =>
      Object.entries(received).every(([k, f]) => f() > before[k]!),
    );
    await deliveriesDone(stack, shop);
    await new Promise((r) => setTimeout(r, 1_500)); // anything extra would have arrived by now
    for (const [k, f] of Object.entries(received)) expect(f() - before[k]!, k).toBe(1);
    const sent = await notifications(stack, shop.id);
    expect(sent.map((n) => [n.channel_id, n.step, n.status])).toEqual(
      Object.values(ids)
        .sort((a, b) => a - b)
        .map((id) => [id, "open", "sent"]),
    );
    // Telegram waited exactly as long as it asked; Sheets backed off and retried.
    const tg = await attempts(stack, shop.id, ids.telegram);
    expect(
      tg
        .filter((a) => a.notification_id)
        .map((a) => [a.outcome, a.response_code, a.retry_after_ms]),
    ).toEqual([
      ["retry", 429, 1000],
      ["sent", 200, null],
    ]);
    const sh = await attempts(stack, shop.id, ids.sheets);
    expect(sh.filter((a) => a.notification_id).map((a) => [a.outcome, a.response_code])).toEqual([
      ["retry", 429],
      ["sent", 200],
    ]);
    // What each destination got says what, how many, when and where to act.
    const card = JSON.stringify(teams.cards.at(-1)!.card);
    expect(card).toContain(`Product ${shop.productId} – Variant 1`);
    expect(card).toContain("4 (all locations)");
    expect(telegram.messages.at(-1)!.text).toContain("In stock: 4 (all locations)");
    const smsBody = twilio.messages.filter((m) => m.params.To === "+5215587654321").at(-1)!.params
      .Body!;
    expect(smsBody).toMatch(
      new RegExp(`^\\[Critical\\] Product ${shop.productId} - Variant 1 runs out`),
    );
    const row = google.rows(SHEET_ID, "Alerts").at(-1)!;
    expect(row.slice(2, 9)).toEqual([
      `Product ${shop.productId} – Variant 1`,
      shop.variants[0]!.sku,
      "stockout predicted",
      "open",
      "critical",
      "all locations",
      4,
    ]);
  });

  it("mark a channel whose credentials were revoked unhealthy and hand the step to its fallback", async () => {
    const other = await newShop("tienda-sur.myshopify.com");
    // Critical alerts only on its own: the low-stock alert below reaches it only as a fallback.
    const tg = await addChannel(stack, other.id, {
      ...channels.telegram,
      config: { botToken: BOT, chatId: "42" },
      minSeverity: "critical",
    });
    const smsId = await addChannel(stack, other.id, {
      ...channels.sms,
      config: { ...channels.sms.config, to: "+5215511112222" },
      fallbackChannelId: tg,
    });
    twilio.rotate(TWILIO_SID, randomBytes(16).toString("hex")); // the merchant rotated the token in Twilio
    const tgBefore = telegram.messages.filter((m) => m.chatId === "42").length;
    await dropTo(stack, other, 0, 50);
    await dropTo(stack, other, 0, 8); // attention: low stock, under the threshold of 10
    await waitFor(
      "the fallback got the alert",
      async () => telegram.messages.filter((m) => m.chatId === "42").length > tgBefore,
    );
    await deliveriesDone(stack, other);
    const { rows } = await stack.db.query(
      `SELECT healthy, unhealthy_reason FROM channels WHERE shop_id = $1 AND id = $2`,
      [other.id, smsId],
    );
    expect(rows[0]).toMatchObject({ healthy: false });
    expect(rows[0]!.unhealthy_reason).toContain("code 20003");
    expect(rows[0]!.unhealthy_reason).not.toContain(TWILIO_TOKEN);
    const n = await notifications(stack, other.id);
    expect(n.map((r) => [r.channel_id, r.status, r.fallback_for])).toEqual([
      [smsId, "failed", null],
      [tg, "sent", smsId],
    ]);
    twilio.rotate(TWILIO_SID, TWILIO_TOKEN);
  });
});
