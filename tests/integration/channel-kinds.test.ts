// The new channel kinds through their real clients (undici for Teams and Telegram, `twilio`,
// `@googleapis/sheets`) against local fakes of the documented APIs: what each sends, and how each
// failure is classified (429 with its delay, 5xx and timeouts retryable, revoked credentials or a
// vanished destination marking the channel unhealthy) — never leaking a secret. No database.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliver, renderAlert, renderDigest } from "../../channels/index.ts";
import { channelSettingsSchema, splitChannelSecret } from "../../channels/settings.ts";
import { smsSegments } from "../../channels/sms/render.ts";
import { buildDigest } from "../../domain/alerts/digest.ts";
import { digestView } from "../../domain/messages/digest.ts";
import { teeAlert } from "../../domain/messages/test-fixtures.ts";
import {
  sheetsQuotaExceeded,
  startFakeGoogle,
  startFakeTeams,
  startFakeTelegram,
  startFakeTwilio,
  teamsThrottled,
  telegramRateLimit,
  twilioRateLimit,
  type FakeGoogle,
  type FakeTeams,
  type FakeTelegram,
  type FakeTwilio,
} from "../fakes/index.ts";

const fast = { timeoutMs: 1_000 };
const noSecret = (out: unknown, secrets: string[]) => {
  for (const s of secrets) expect(JSON.stringify(out)).not.toContain(s);
};

describe("Microsoft Teams (Workflows webhook, Adaptive Card)", () => {
  let fake: FakeTeams;
  const SIG = randomBytes(24).toString("base64url");
  const url = () => fake.urlFor("wf1", SIG);
  const o = () => ({ ...fast, allowInsecureUrls: true });
  beforeAll(async () => {
    fake = await startFakeTeams({ workflows: [{ id: "wf1", sig: SIG }] });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("posts a message with one Adaptive Card: the facts and both buttons", async () => {
    const out = await deliver(
      { kind: "teams", webhookUrl: url() },
      renderAlert("teams", teeAlert()),
      o(),
    );
    expect(out).toMatchObject({ ok: true, status: 202 });
    const card = fake.cards[0]!.card as {
      version: string;
      body: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
      actions: { type: string; title: string; url: string }[];
    };
    expect(card.version).toBe("1.4");
    expect(card.body.map((b) => b.text).filter(Boolean)).toContain(
      "🔴 Classic Organic Tee – M / Black runs out around Nov 26",
    );
    expect(card.body.find((b) => b.type === "FactSet")?.facts?.map((f) => f.title)).toEqual([
      "In stock",
      "Sells",
      "Runs out",
      "Reorder",
      "Revenue at risk",
      "SKU",
    ]);
    expect(card.actions.map((a) => [a.type, a.title])).toEqual([
      ["Action.OpenUrl", "Open in Shopify admin"],
      ["Action.OpenUrl", "View forecast"],
    ]);
  });

  it("honours 429 Retry-After, retries 5xx and timeouts, and marks a deleted workflow unhealthy", async () => {
    fake.script(teamsThrottled(12));
    const send = () =>
      deliver({ kind: "teams", webhookUrl: url() }, renderAlert("teams", teeAlert()), o());
    expect(await send()).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 12_000,
    });
    fake.script({ status: 502, body: "Bad Gateway" });
    expect(await send()).toMatchObject({ ok: false, retryable: true, status: 502 });
    fake.script({ delayMs: 1_500 });
    expect(await send()).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
    const wrongSig = await deliver(
      { kind: "teams", webhookUrl: fake.urlFor("wf1", "forged") },
      renderAlert("teams", teeAlert()),
      o(),
    );
    expect(wrongSig).toMatchObject({ ok: false, status: 401, permanent: "unhealthy" });
    fake.remove("wf1");
    const gone = await send();
    expect(gone).toMatchObject({
      ok: false,
      status: 404,
      permanent: "unhealthy",
      retryable: false,
    });
    expect(!gone.ok && gone.error).toContain("WorkflowNotFound");
    noSecret([wrongSig, gone], [SIG]);
  });

  it("only accepts Power Automate / Logic Apps URLs outside tests", async () => {
    const out = await deliver(
      { kind: "teams", webhookUrl: url() },
      renderAlert("teams", teeAlert()),
      fast,
    );
    expect(out).toMatchObject({
      ok: false,
      permanent: "unhealthy",
      error: "not a Teams workflow URL",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("Telegram (Bot API sendMessage, HTML)", () => {
  let fake: FakeTelegram;
  const TOKEN = `7012345678:${randomBytes(26).toString("base64url")}`;
  const CHAT = "-1001234567890";
  const o = () => ({ ...fast, telegramApiBase: fake.url });
  const send = (over: Partial<{ botToken: string; chatId: string }> = {}, view = teeAlert()) =>
    deliver(
      { kind: "telegram", botToken: TOKEN, chatId: CHAT, ...over },
      renderAlert("telegram", view),
      o(),
    );
  beforeAll(async () => {
    fake = await startFakeTelegram({ bots: [{ token: TOKEN, chats: [CHAT, "42", "43"] }] });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("sends HTML Telegram accepts, with the links as buttons, and gets the message id", async () => {
    const out = await send();
    expect(out).toMatchObject({ ok: true, status: 200, providerId: "100" });
    const m = fake.messages[0]!;
    expect(m.chatId).toBe(CHAT);
    expect(m.body.parse_mode).toBe("HTML");
    expect(m.text.split("\n").slice(0, 4)).toEqual([
      "🔴 <b>Classic Organic Tee – M / Black runs out around Nov 26</b>",
      "",
      "<b>Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.</b>",
      "",
    ]);
    expect(m.body.reply_markup).toEqual({
      inline_keyboard: [
        [
          {
            text: "Open in Shopify admin",
            url: expect.stringMatching(/^https:\/\/admin\.shopify\.com\//),
          },
          {
            text: "View forecast",
            url: expect.stringMatching(/\/apps\/stockout-radar\/app\/variants\//),
          },
        ],
      ],
    });
  });

  it("escapes merchant HTML so Telegram can parse the message", async () => {
    const nasty = teeAlert({
      product: { id: "1", title: '<b>Tee & "Co"</b>' },
      location: { id: "2", name: "<script>" },
    });
    expect(await send({}, nasty)).toMatchObject({ ok: true });
    expect(fake.messages[0]!.text).toContain("&lt;b&gt;Tee &amp; &quot;Co&quot;&lt;/b&gt;");
  });

  it("honours retry_after, retries 5xx and timeouts", async () => {
    fake.script(telegramRateLimit(3));
    expect(await send()).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 3_000,
    });
    fake.script({ status: 502, body: "<html>Bad Gateway</html>" });
    expect(await send()).toMatchObject({ ok: false, retryable: true, status: 502 });
    fake.script({ delayMs: 1_500 });
    expect(await send()).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
  });

  it("sees its per-chat limit, as Telegram applies it", async () => {
    const limited = await startFakeTelegram({
      bots: [{ token: TOKEN, chats: ["42"] }],
      rateLimit: { limit: 1, windowMs: 1_000 },
    });
    try {
      const at = (chatId: string) =>
        deliver(
          { kind: "telegram", botToken: TOKEN, chatId },
          renderAlert("telegram", teeAlert()),
          {
            ...fast,
            telegramApiBase: limited.url,
          },
        );
      expect((await at("42")).ok).toBe(true);
      expect(await at("42")).toMatchObject({
        ok: false,
        status: 429,
        retryable: true,
        retryAfterMs: 1_000,
      });
    } finally {
      await limited.close();
    }
  });

  it("marks a revoked token, a blocked bot, a missing or migrated chat unhealthy, never leaking the token", async () => {
    fake.block("43");
    const blocked = await send({ chatId: "43" });
    expect(blocked).toMatchObject({
      ok: false,
      status: 403,
      permanent: "unhealthy",
      error: "Telegram 403: Forbidden: bot was blocked by the user",
    });
    expect(await send({ chatId: "44" })).toMatchObject({ status: 400, permanent: "unhealthy" });
    fake.migrate("42", -1009999999999);
    const migrated = await send({ chatId: "42" });
    expect(migrated).toMatchObject({ status: 400, permanent: "unhealthy" });
    expect(!migrated.ok && migrated.error).toContain("the chat's new id is -1009999999999");
    fake.revoke(TOKEN);
    const revoked = await send();
    expect(revoked).toMatchObject({
      ok: false,
      status: 401,
      permanent: "unhealthy",
      retryable: false,
    });
    const down = await deliver(
      { kind: "telegram", botToken: TOKEN, chatId: CHAT },
      renderAlert("telegram", teeAlert()),
      {
        ...fast,
        telegramApiBase: "http://127.0.0.1:9",
      },
    );
    expect(down).toMatchObject({ ok: false, retryable: true });
    noSecret([blocked, migrated, revoked, down], [TOKEN, TOKEN.split(":")[1]!]);
  });
});

describe("WhatsApp and SMS (twilio)", () => {
  let fake: FakeTwilio;
  const SID = `AC${randomBytes(16).toString("hex")}`;
  const AUTH = randomBytes(16).toString("hex");
  const o = () => ({ ...fast, twilioApiBase: fake.url });
  const sms = (over: Record<string, string> = {}, view = teeAlert()) =>
    deliver(
      {
        kind: "sms",
        accountSid: SID,
        authToken: AUTH,
        from: "+15005550006",
        to: "+5215512345678",
        ...over,
      },
      renderAlert("sms", view),
      o(),
    );
  beforeAll(async () => {
    fake = await startFakeTwilio({ accounts: [{ sid: SID, token: AUTH }] });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("creates one SMS per alert, in GSM-7 within the segment budget, and keeps Twilio's SID", async () => {
    const out = await sms();
    expect(out).toMatchObject({ ok: true, status: 201 });
    const sent = fake.messages[0]!;
    expect(out.ok && out.providerId).toBe(sent.sid);
    expect(sent.params).toMatchObject({
      To: "+5215512345678",
      From: "+15005550006",
      SmartEncoded: "true",
    });
    expect(sent.params.Body).toMatch(
      /^\[Critical\] Classic Organic Tee - M \/ Black runs out around Nov 26\. /,
    );
    expect(sent.params.Body).toContain(
      "https://admin.shopify.com/store/northwind-apparel/products/",
    );
    expect(smsSegments(sent.params.Body!)).toMatchObject({ encoding: "GSM-7" });
    expect(smsSegments(sent.params.Body!).segments).toBeLessThanOrEqual(4);
  });

  it("sends WhatsApp text, or an approved template with its variables", async () => {
    const wa = (over: Record<string, string> = {}) =>
      deliver(
        {
          kind: "whatsapp",
          accountSid: SID,
          authToken: AUTH,
          from: "+14155238886",
          to: "+5215512345678",
          ...over,
        },
        renderAlert("whatsapp", teeAlert()),
        o(),
      );
    expect(await wa()).toMatchObject({ ok: true, status: 201 });
    expect(fake.messages[0]!.params).toMatchObject({
      To: "whatsapp:+5215512345678",
      From: "whatsapp:+14155238886",
    });
    expect(fake.messages[0]!.params.Body).toMatch(
      /^🔴 \*Classic Organic Tee – M \/ Black runs out around Nov 26\*\n/,
    );
    const HX = `HX${"a".repeat(32)}`;
    expect(await wa({ contentSid: HX })).toMatchObject({ ok: true });
    const t = fake.messages[1]!.params;
    expect(t.ContentSid).toBe(HX);
    expect(t.Body).toBeUndefined();
    expect(JSON.parse(t.ContentVariables!)).toEqual({
      "1": "🔴 Classic Organic Tee – M / Black runs out around Nov 26",
      "2": "Reorder 60 now: with a 14-day lead time, even an order placed today arrives after the likely stockout.",
      "3": expect.stringMatching(/^https:\/\/admin\.shopify\.com\//),
    });
  });

  it("retries 429, 5xx and timeouts once each (the client's own retries are off)", async () => {
    fake.script(twilioRateLimit(4));
    expect(await sms()).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 4_000,
    });
    fake.script({
      status: 503,
      body: { code: 20500, message: "Service Unavailable", status: 503 },
    });
    expect(await sms()).toMatchObject({ ok: false, retryable: true, status: 503 });
    fake.script({ delayMs: 1_500 });
    expect(await sms()).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
    expect(fake.requests).toHaveLength(3);
  });

  it("marks rotated credentials, an invalid or unsubscribed recipient unhealthy, never leaking the token", async () => {
    fake.stop("+5215500000000");
    const stopped = await sms({ to: "+5215500000000" });
    expect(stopped).toMatchObject({
      ok: false,
      status: 400,
      permanent: "unhealthy",
      error: "Twilio 400 (code 21610): Attempt to send to unsubscribed recipient",
    });
    fake.rotate(SID, randomBytes(16).toString("hex"));
    const rotated = await sms();
    expect(rotated).toMatchObject({
      ok: false,
      status: 401,
      permanent: "unhealthy",
      retryable: false,
    });
    expect(!rotated.ok && rotated.error).toContain("code 20003");
    noSecret([stopped, rotated], [AUTH]);
  });
});

describe("Google Sheets (@googleapis/sheets)", () => {
  let fake: FakeGoogle;
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const EMAIL = "radar@northwind-ops.iam.gserviceaccount.com";
  const SHEET_ID = `1${randomBytes(20).toString("base64url")}`;
  const REFRESH = `1//${randomBytes(24).toString("base64url")}`;
  const CLIENT_SECRET = `GOCSPX-${randomBytes(12).toString("base64url")}`;
  const serviceAccount = {
    type: "service_account" as const,
    client_email: EMAIL,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
  const oauthUser = {
    type: "authorized_user" as const,
    client_id: "1234-abc.apps.googleusercontent.com",
    client_secret: CLIENT_SECRET,
    refresh_token: REFRESH,
  };
  const o = () => ({ ...fast, googleApiBase: fake.url });
  const append = (
    sheet = "Alerts",
    credentials: typeof serviceAccount | typeof oauthUser = serviceAccount,
    view = teeAlert(),
  ) =>
    deliver(
      { kind: "sheets", spreadsheetId: SHEET_ID, sheet, credentials },
      renderAlert("sheets", view),
      o(),
    );
  beforeAll(async () => {
    fake = await startFakeGoogle({
      serviceAccounts: [
        {
          email: EMAIL,
          publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
        },
      ],
      oauthUsers: [
        {
          clientId: oauthUser.client_id,
          clientSecret: CLIENT_SECRET,
          refreshToken: REFRESH,
          email: "owner@northwind.test",
        },
      ],
      spreadsheets: [
        { id: SHEET_ID, sharedWith: [EMAIL, "owner@northwind.test"], sheets: ["Sheet1"] },
      ],
    });
  });
  afterAll(() => fake.close());

  it("creates the tab, writes the header once and appends one row per alert step", async () => {
    expect(await append()).toMatchObject({ ok: true, status: 200, providerId: "'Alerts'!A2:P2" });
    const escalated = teeAlert({
      step: "escalate",
      previousSeverity: "warning",
      at: new Date("2026-11-22T15:00:00Z"),
    });
    expect(await append("Alerts", serviceAccount, escalated)).toMatchObject({
      ok: true,
      providerId: "'Alerts'!A3:P3",
    });
    const rows = fake.rows(SHEET_ID, "Alerts");
    expect(rows[0]).toEqual([
      "Time",
      "Shop",
      "Product",
      "SKU",
      "Alert",
      "Step",
      "Severity",
      "Location",
      "In stock",
      "Sells per day",
      "Runs out (P10–P90)",
      "Reorder",
      "Revenue at risk",
      "Currency",
      "Link",
      "Alert id",
    ]);
    expect(rows[1]).toEqual([
      "2026-11-21 09:05",
      "Northwind Apparel",
      "Classic Organic Tee – M / Black",
      "TEE-ORG-M-BLK",
      "stockout predicted",
      "open",
      "critical",
      "all locations",
      6,
      1.8,
      "2026-11-24 – 2026-11-29",
      60,
      540,
      "USD",
      "https://admin.shopify.com/store/northwind-apparel/products/7981234567890/variants/43876543210987",
      "812:open",
    ]);
    expect(rows[2]?.[5]).toBe("escalate");
    expect(rows[2]?.at(-1)).toBe("812:escalate:critical");
    expect(rows).toHaveLength(3); // the header was not written twice
    expect(fake.tokensIssued()).toBe(1); // the token is reused until it expires
  });

  it("appends a digest's rows in one request, with OAuth user credentials too", async () => {
    const views = [
      teeAlert(),
      teeAlert({ episodeId: "813", kind: "low_stock", severity: "warning" }),
    ];
    const d = digestView(
      teeAlert().shop,
      "digest_daily",
      buildDigest(
        views.map((view, i) => ({
          view,
          episodeId: view.episodeId,
          severity: view.severity,
          revenueAtRisk: view.revenueAtRisk,
          queuedAt: new Date(i),
          stillOpen: true,
        })),
      ),
      new Date("2026-11-22T13:00:00Z"),
    );
    const before = fake.requests.filter((r) => r.path.endsWith(":append")).length;
    const out = await deliver(
      { kind: "sheets", spreadsheetId: SHEET_ID, sheet: "Owner", credentials: oauthUser },
      renderDigest("sheets", d),
      o(),
    );
    expect(out).toMatchObject({ ok: true });
    expect(fake.requests.filter((r) => r.path.endsWith(":append")).length - before).toBe(1);
    expect(
      fake
        .rows(SHEET_ID, "Owner")
        .slice(1)
        .map((r) => r.at(-1)),
    ).toEqual(["812:open", "813:open"]);
    expect(fake.requests.at(-1)?.query.get("valueInputOption")).toBe("RAW");
  });

  it("retries quota errors, 5xx and timeouts, without the client's own retries", async () => {
    fake.script(sheetsQuotaExceeded());
    const before = fake.requests.length;
    expect(await append()).toMatchObject({ ok: false, retryable: true, status: 429 });
    expect(fake.requests.length - before).toBe(1);
    fake.script({
      status: 503,
      body: {
        error: {
          code: 503,
          message: "The service is currently unavailable.",
          status: "UNAVAILABLE",
        },
      },
    });
    expect(await append()).toMatchObject({ ok: false, retryable: true, status: 503 });
    fake.script({ delayMs: 1_500 });
    expect(await append()).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
  });

  it("marks an unshared sheet, a deleted key and a revoked refresh token unhealthy, never leaking them", async () => {
    fake.unshare(SHEET_ID, "owner@northwind.test");
    const unshared = await append("Owner", oauthUser);
    expect(unshared).toMatchObject({ ok: false, status: 403, permanent: "unhealthy" });
    expect(!unshared.ok && unshared.error).toContain("PERMISSION_DENIED");
    fake.revokeRefreshToken(REFRESH);
    const revoked = await append("Owner", oauthUser);
    // The access token it minted dies with it: Sheets answers 401, which no refresh can fix.
    expect(revoked).toMatchObject({
      ok: false,
      status: 401,
      permanent: "unhealthy",
      retryable: false,
    });
    expect(!revoked.ok && revoked.error).toContain("UNAUTHENTICATED");
    const rotatedKey = {
      ...serviceAccount,
      private_key: generateKeyPairSync("rsa", { modulusLength: 2048 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
    };
    const badKey = await append("Alerts", rotatedKey);
    expect(badKey).toMatchObject({ ok: false, status: 400, permanent: "unhealthy" });
    expect(!badKey.ok && badKey.error).toContain("invalid_grant");
    noSecret([unshared, revoked, badKey], [REFRESH, CLIENT_SECRET, "PRIVATE KEY"]);
  });

  it("keeps the credentials sealed and shows only who to share the sheet with", () => {
    const c = channelSettingsSchema.parse({
      kind: "sheets",
      name: "Alert log",
      config: {
        spreadsheet: `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0`,
        credentials: JSON.stringify({ ...serviceAccount, project_id: "x" }),
      },
    });
    const { config, secret } = splitChannelSecret(c);
    expect(config).toEqual({ spreadsheet: SHEET_ID, sheet: "Alerts", hint: EMAIL });
    expect(JSON.stringify(config)).not.toContain("PRIVATE KEY");
    expect(secret).toMatchObject({
      kind: "sheets",
      credentials: { type: "service_account", client_email: EMAIL },
    });
  });
});
