// The channel modules with the real clients (@sendgrid/mail, discord.js, @slack/webhook, undici)
// against local fakes of the documented endpoints. No database, no Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deliver,
  parseRetryAfter,
  scrub,
  signWebhook,
  verifyWebhookSignature,
} from "../../channels/index.ts";
import { sendDiscord } from "../../channels/discord/client.ts";
import {
  isPublicAddress,
  PrivateAddressError,
  publicLookup,
} from "../../channels/public-address.ts";
import { sendEmail } from "../../channels/email/sendgrid.ts";
import { sendSlack } from "../../channels/slack/client.ts";
import { sendWebhook } from "../../channels/webhook/client.ts";
import { renderAlert } from "../../channels/index.ts";
import { renderAlertDiscord } from "../../channels/discord/render.ts";
import { renderAlertEmail } from "../../channels/email/render.ts";
import { renderAlertSlack } from "../../channels/slack/render.ts";
import { renderAlertWebhook } from "../../channels/webhook/render.ts";
import { teeAlert } from "../../domain/messages/test-fixtures.ts";
import {
  discordError,
  discordRateLimit,
  sendgridError,
  sendgridRateLimit,
  slackRateLimit,
  startFakeDiscord,
  startFakeReceiver,
  startFakeSendGrid,
  startFakeSlack,
  type FakeDiscord,
  type FakeReceiver,
  type FakeSendGrid,
  type FakeSlack,
} from "../fakes/index.ts";

const API_KEY = "SG.test-key-0001.abcdefghijklmnop";
const WEBHOOK_ID = "123456789012345678";
const WEBHOOK_TOKEN = "T".repeat(34) + "-_" + "t".repeat(32); // 68 characters, like Discord's
const DISCORD_URL = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`;
const SLACK_PATH = "/services/T0001/B0001/abcdefghijklmnopqrstuvwx";
const SECRET = "whsec_test_0123456789abcdef";

const email = () => {
  const e = renderAlertEmail(teeAlert());
  return {
    to: ["owner@northwind.test", "buyer@northwind.test"],
    from: { email: "alerts@stockout-radar.test", name: "Northwind Apparel alerts" },
    subject: e.subject,
    html: e.html,
    text: e.text,
  };
};

function expectNoSecrets(outcome: unknown) {
  const s = JSON.stringify(outcome);
  for (const secret of [API_KEY, WEBHOOK_TOKEN, SLACK_PATH, SECRET])
    expect(s).not.toContain(secret);
}

describe("SendGrid (@sendgrid/mail)", () => {
  let fake: FakeSendGrid;
  const opts = () => ({ apiKey: API_KEY, baseUrl: `${fake.url}/`, timeoutMs: 1_000 });
  beforeAll(async () => {
    fake = await startFakeSendGrid({
      apiKeys: [API_KEY, "SG.other-key-0002.abcdefghijklmnop"],
      forbiddenKeys: ["SG.other-key-0002.abcdefghijklmnop"],
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("sends HTML and text to each recipient separately, from the configured sender", async () => {
    const out = await sendEmail(opts(), email());
    expect(out).toMatchObject({ ok: true, status: 202 });
    expect(out.ok && out.providerId).toMatch(/^[\w-]{10,}$/);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v3/mail/send");
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const e = renderAlertEmail(teeAlert());
    expect(req.json).toEqual({
      from: { email: "alerts@stockout-radar.test", name: "Northwind Apparel alerts" },
      subject: "[Critical] Classic Organic Tee – M / Black runs out around Nov 26 · reorder 60",
      personalizations: [
        { to: [{ email: "owner@northwind.test" }] },
        { to: [{ email: "buyer@northwind.test" }] },
      ],
      content: [
        { type: "text/plain", value: e.text },
        { type: "text/html", value: e.html },
      ],
    });
  });

  it("keeps concurrent shops' keys apart", async () => {
    const [a, b] = await Promise.all([
      sendEmail(opts(), email()),
      sendEmail({ ...opts(), apiKey: "SG.other-key-0002.abcdefghijklmnop" }, email()),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, status: 403, permanent: "unhealthy", retryable: false });
    expect(fake.requests.map((r) => r.headers.authorization).sort()).toEqual(
      [`Bearer ${API_KEY}`, "Bearer SG.other-key-0002.abcdefghijklmnop"].sort(),
    );
  });

  it("honours a 429 with the rate-limit reset", async () => {
    fake.script(sendgridRateLimit(3));
    const out = await sendEmail(opts(), email());
    expect(out).toMatchObject({ ok: false, retryable: true, status: 429 });
    expect(!out.ok && out.retryAfterMs).toBeGreaterThan(1_000);
    expect(!out.ok && out.retryAfterMs).toBeLessThanOrEqual(4_000);
    expect(fake.requests).toHaveLength(1); // one attempt: retries belong to the delivery layer
  });

  it("retries 5xx and timeouts, but not a bad request", async () => {
    fake.script(sendgridError(503, "Service Unavailable"));
    expect(await sendEmail(opts(), email())).toMatchObject({
      ok: false,
      retryable: true,
      status: 503,
    });

    fake.script({ delayMs: 1_500 });
    const started = Date.now();
    const slow = await sendEmail(opts(), email());
    expect(slow).toMatchObject({ ok: false, retryable: true, error: "timed out after 1000 ms" });
    expect(Date.now() - started).toBeLessThan(1_400);

    const bad = await sendEmail(opts(), { ...email(), to: ["not-an-address"] });
    expect(bad).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(!bad.ok && bad.permanent).toBeUndefined();
    expect(!bad.ok && bad.error).toContain("personalizations.0.to.0.email");
  });

  it("marks the channel unhealthy on 401 and never leaks the key", async () => {
    const out = await sendEmail(
      { ...opts(), apiKey: "SG.revoked-key-9999.zzzzzzzzzzzzzzzz" },
      email(),
    );
    expect(out).toMatchObject({ ok: false, retryable: false, status: 401, permanent: "unhealthy" });
    expect(JSON.stringify(out)).not.toContain("revoked-key");
    expectNoSecrets(out);
  });

  it("reports a connection failure as retryable", async () => {
    const out = await sendEmail({ ...opts(), baseUrl: "http://127.0.0.1:9/" }, email());
    expect(out).toMatchObject({ ok: false, retryable: true });
    expect(!out.ok && out.error).toMatch(/network error ECONNREFUSED/);
  });
});

describe("Discord (discord.js WebhookClient)", () => {
  let fake: FakeDiscord;
  const opts = () => ({ webhookUrl: DISCORD_URL, apiBase: `${fake.url}/api`, timeoutMs: 1_000 });
  beforeAll(async () => {
    fake = await startFakeDiscord({ webhooks: [{ id: WEBHOOK_ID, token: WEBHOOK_TOKEN }] });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("executes the webhook with the embed a merchant sees, and gets the message id", async () => {
    const message = renderAlertDiscord(teeAlert());
    const out = await sendDiscord(opts(), message);
    expect(out).toMatchObject({ ok: true, status: 200 });
    expect(out.ok && out.providerId).toBe(fake.messages[0]?.message.id);
    const req = fake.requests[0]!;
    expect(req.path).toBe(`/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`);
    expect(req.query.get("wait")).toBe("true");
    expect(req.headers.authorization).toBeUndefined(); // webhooks carry their token in the path
    expect(req.json).toEqual({
      username: "Stockout radar",
      embeds: message.embeds,
      allowed_mentions: { parse: [] },
      tts: false, // discord.js defaults
      enforce_nonce: false,
    });
    const embed = (
      req.json as {
        embeds: { title: string; color: number; fields: { name: string; value: string }[] }[];
      }
    ).embeds[0]!;
    expect(embed.title).toBe("🔴 Classic Organic Tee – M / Black runs out around Nov 26");
    expect(embed.color).toBe(0xd72c0d);
    expect(embed.fields.map((f) => f.name)).toEqual([
      "In stock",
      "Sells",
      "Runs out",
      "Reorder",
      "Revenue at risk",
      "SKU",
      "Links",
    ]);
  });

  it("accepts discordapp.com URLs", async () => {
    const out = await sendDiscord(
      { ...opts(), webhookUrl: DISCORD_URL.replace("discord.com", "discordapp.com") },
      renderAlertDiscord(teeAlert()),
    );
    expect(out.ok).toBe(true);
  });

  it("hands a 429 back at once with Discord's float retry_after, without retrying", async () => {
    fake.script(discordRateLimit(1.337));
    const started = Date.now();
    const out = await sendDiscord(opts(), renderAlertDiscord(teeAlert()));
    expect(out).toEqual({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 1337,
      error: "Discord rate limit",
      durationMs: expect.any(Number),
    });
    expect(Date.now() - started).toBeLessThan(1_000); // discord.js did not sleep and retry
    expect(fake.requests).toHaveLength(1);
  });

  it("sees the per-webhook bucket run out", async () => {
    const limited = await startFakeDiscord({ rateLimit: { limit: 2, windowMs: 2_000 } });
    try {
      const o = { ...opts(), apiBase: `${limited.url}/api` };
      const results = [];
      for (let i = 0; i < 3; i++)
        results.push(await sendDiscord(o, renderAlertDiscord(teeAlert())));
      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
      expect(results[2]).toMatchObject({ retryable: true, status: 429 });
      expect(!results[2]!.ok && results[2]!.retryAfterMs).toBeGreaterThan(1_000);
    } finally {
      await limited.close();
    }
  });

  it("retries 5xx and slow answers exactly once (ours, not discord.js's)", async () => {
    fake.script({ status: 502, body: "bad gateway" });
    expect(await sendDiscord(opts(), renderAlertDiscord(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      status: 502,
    });
    expect(fake.requests).toHaveLength(1);

    fake.script({ delayMs: 1_500 });
    const started = Date.now();
    const slow = await sendDiscord(opts(), renderAlertDiscord(teeAlert()));
    expect(slow).toMatchObject({ ok: false, retryable: true, error: "timed out after 1000 ms" });
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(fake.requests).toHaveLength(2);
  });

  it("marks a deleted webhook unhealthy and never leaks its token", async () => {
    fake.deleteWebhook(WEBHOOK_ID);
    const out = await sendDiscord(opts(), renderAlertDiscord(teeAlert()));
    expect(out).toMatchObject({ ok: false, retryable: false, status: 404, permanent: "unhealthy" });
    expect(!out.ok && out.error).toBe("Discord 404 (code 10015): Unknown Webhook");
    expectNoSecrets(out);
  });

  it("does not retry an invalid body and says which field", async () => {
    fake.script(discordError(400, 50035, "Invalid Form Body"));
    const out = await sendDiscord(opts(), renderAlertDiscord(teeAlert()));
    expect(out).toMatchObject({ ok: false, retryable: false, status: 400 });
    expect(!out.ok && out.permanent).toBeUndefined();
  });

  it("refuses a URL that is not a Discord webhook before any request", async () => {
    const out = await sendDiscord(
      { ...opts(), webhookUrl: "https://example.com/api/webhooks/1/x" },
      renderAlertDiscord(teeAlert()),
    );
    expect(out).toMatchObject({ ok: false, retryable: false, permanent: "unhealthy" });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("Slack (@slack/webhook IncomingWebhook)", () => {
  let fake: FakeSlack;
  const opts = () => ({
    webhookUrl: `${fake.url}${SLACK_PATH}`,
    allowInsecureUrl: true,
    timeoutMs: 1_000,
  });
  beforeAll(async () => {
    fake = await startFakeSlack({ hooks: [SLACK_PATH] });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("posts the Block Kit message", async () => {
    const message = renderAlertSlack(teeAlert());
    expect(await sendSlack(opts(), message)).toMatchObject({ ok: true, status: 200 });
    expect(fake.requests[0]?.path).toBe(SLACK_PATH);
    expect(fake.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(fake.requests[0]?.json).toEqual(message);
  });

  it("honours 429 Retry-After and retries 5xx and timeouts", async () => {
    fake.script(slackRateLimit(30));
    expect(await sendSlack(opts(), renderAlertSlack(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 30_000,
    });
    fake.script({ status: 500, body: "rollup_error" });
    expect(await sendSlack(opts(), renderAlertSlack(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      status: 500,
    });
    fake.script({ delayMs: 1_500 });
    expect(await sendSlack(opts(), renderAlertSlack(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
    expect(fake.requests).toHaveLength(3);
  });

  it("marks a removed or archived webhook unhealthy, without leaking its URL", async () => {
    const gone = await sendSlack(
      { ...opts(), webhookUrl: `${fake.url}/services/T0001/B0001/unknown` },
      renderAlertSlack(teeAlert()),
    );
    expect(gone).toMatchObject({
      ok: false,
      retryable: false,
      status: 404,
      permanent: "unhealthy",
      error: "Slack 404: no_service",
    });
    fake.archive(SLACK_PATH);
    const archived = await sendSlack(opts(), renderAlertSlack(teeAlert()));
    expect(archived).toMatchObject({
      status: 410,
      permanent: "unhealthy",
      error: "Slack 410: channel_is_archived",
    });
    expectNoSecrets(archived);
  });

  it("only accepts hooks.slack.com without the test flag", async () => {
    expect(
      await sendSlack({ webhookUrl: `${fake.url}${SLACK_PATH}` }, renderAlertSlack(teeAlert())),
    ).toMatchObject({
      ok: false,
      permanent: "unhealthy",
      error: "not a Slack incoming webhook URL",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("generic webhook (signed HTTPS POST)", () => {
  let fake: FakeReceiver;
  const opts = () => ({
    url: `${fake.url}/hooks/radar`,
    signingSecret: SECRET,
    allowInsecureUrl: true,
    timeoutMs: 1_000,
  });
  beforeAll(async () => {
    fake = await startFakeReceiver({ secret: SECRET });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it("signs the raw body with a timestamp the receiver verifies", async () => {
    const payload = renderAlertWebhook(teeAlert());
    expect(await sendWebhook(opts(), payload)).toMatchObject({ ok: true, status: 200 });
    expect(fake.verified).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.json).toEqual(JSON.parse(JSON.stringify(payload)));
    expect(req.headers["x-radar-event"]).toBe("alert.opened");
    expect(req.headers["x-radar-delivery"]).toBe("812:open");
    expect(req.headers["x-radar-signature"]).toBe(
      signWebhook(SECRET, Number(req.headers["x-radar-timestamp"]), req.raw),
    );
    expect(
      verifyWebhookSignature(
        SECRET,
        {
          signature: String(req.headers["x-radar-signature"]),
          timestamp: String(req.headers["x-radar-timestamp"]),
        },
        req.raw,
      ),
    ).toBe(true);
  });

  it("is refused by the receiver with a wrong secret or a replayed timestamp", async () => {
    const wrong = await sendWebhook(
      { ...opts(), signingSecret: "whsec_wrong_secret_000000" },
      renderAlertWebhook(teeAlert()),
    );
    expect(wrong).toMatchObject({ ok: false, status: 401, permanent: "unhealthy" });
    expectNoSecrets(wrong);
    const old = await sendWebhook(
      { ...opts(), now: () => new Date(Date.now() - 10 * 60_000) },
      renderAlertWebhook(teeAlert()),
    );
    expect(old).toMatchObject({ ok: false, status: 401 });
    expect(fake.verified).toHaveLength(0);
    const ts = 1_800_000_000;
    const body = '{"a":1}';
    const sig = signWebhook(SECRET, ts, body);
    expect(
      verifyWebhookSignature(
        SECRET,
        { signature: sig, timestamp: String(ts) },
        body,
        new Date(ts * 1000 + 299_000),
      ),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        SECRET,
        { signature: sig, timestamp: String(ts) },
        body,
        new Date(ts * 1000 + 301_000),
      ),
    ).toBe(false);
    expect(
      verifyWebhookSignature(
        SECRET,
        { signature: sig, timestamp: String(ts) },
        '{"a":2}',
        new Date(ts * 1000),
      ),
    ).toBe(false);
  });

  it("classifies 429, 5xx, timeouts and redirects", async () => {
    fake.script({ status: 429, headers: { "retry-after": "7" }, body: "slow down" });
    expect(await sendWebhook(opts(), renderAlertWebhook(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 7_000,
    });
    fake.script({ status: 503, body: "maintenance" });
    expect(await sendWebhook(opts(), renderAlertWebhook(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      status: 503,
    });
    fake.script({ delayMs: 1_500 });
    expect(await sendWebhook(opts(), renderAlertWebhook(teeAlert()))).toMatchObject({
      ok: false,
      retryable: true,
      error: "timed out after 1000 ms",
    });
    fake.script({ status: 302, headers: { location: "https://elsewhere.test/" } });
    expect(await sendWebhook(opts(), renderAlertWebhook(teeAlert()))).toMatchObject({
      ok: false,
      retryable: false,
      status: 302,
    });
    fake.script({ status: 410, body: "gone" });
    expect(await sendWebhook(opts(), renderAlertWebhook(teeAlert()))).toMatchObject({
      ok: false,
      permanent: "unhealthy",
      status: 410,
    });
  });

  it("refuses http and private addresses outside tests", async () => {
    const p = renderAlertWebhook(teeAlert());
    const base = { signingSecret: SECRET, timeoutMs: 1_000 };
    expect(await sendWebhook({ ...base, url: `${fake.url}/x` }, p)).toMatchObject({
      ok: false,
      permanent: "unhealthy",
      error: "webhook URL must use https",
    });
    expect(await sendWebhook({ ...base, url: "https://127.0.0.1:1/x" }, p)).toMatchObject({
      error: "webhook host is not a public address",
    });
    expect(await sendWebhook({ ...base, url: "https://[::1]:1/x" }, p)).toMatchObject({
      error: "webhook host is not a public address",
    });
    expect(await sendWebhook({ ...base, url: "https://localhost:1/x" }, p)).toMatchObject({
      error: "webhook host is not a public address",
    });
    expect(await sendWebhook({ ...base, url: "https://localhost./x" }, p)).toMatchObject({
      error: "webhook host is not a public address",
    });
    expect(fake.requests).toHaveLength(0);
    // Names are checked after DNS, at connect time, so they cannot resolve somewhere private.
    const resolved = await new Promise<unknown>((resolve) =>
      publicLookup("localhost", {}, (err, address) => resolve(err ?? address)),
    );
    expect(resolved).toBeInstanceOf(PrivateAddressError);
    expect(isPublicAddress("169.254.169.254")).toBe(false);
    expect(isPublicAddress("::ffff:10.1.2.3")).toBe(false);
    expect(isPublicAddress("fd00::1")).toBe(false);
    expect(isPublicAddress("93.184.216.34")).toBe(true);
    expect(isPublicAddress("2606:4700::1111")).toBe(true);
  });
});

describe("deliver()", () => {
  it("routes a rendered message to its channel module", async () => {
    const fake = await startFakeSendGrid();
    try {
      const out = await deliver(
        {
          kind: "email",
          apiKey: API_KEY,
          recipients: ["owner@northwind.test"],
          sender: { email: "alerts@stockout-radar.test", name: "Alerts" },
        },
        renderAlert("email", teeAlert()),
        { sendgridBaseUrl: `${fake.url}/`, timeoutMs: 1_000 },
      );
      expect(out).toMatchObject({ ok: true, status: 202 });
      expect((fake.requests[0]?.json as { categories: string[] }).categories).toEqual([
        "stockout-radar",
      ]);
      await expect(
        deliver(
          { kind: "slack", webhookUrl: "https://hooks.slack.com/services/T/B/X" },
          renderAlert("email", teeAlert()),
        ),
      ).rejects.toThrow("a email message cannot go to a slack channel");
    } finally {
      await fake.close();
    }
  });
});

describe("outcome helpers", () => {
  it("parse Retry-After and scrub secrets from error text", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.25")).toBe(250);
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(scrub(`POST ${DISCORD_URL} failed`, [])).toBe("POST [url] failed");
    expect(scrub(`bad key ${API_KEY}`)).toBe("bad key SG.[redacted]");
    expect(scrub(`token ${WEBHOOK_TOKEN} in text`, [WEBHOOK_TOKEN])).toBe(
      "token [redacted] in text",
    );
  });
});
