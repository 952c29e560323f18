// Quiet hours and digests, in the shop's time zone, with a controllable clock: the worker's alert
// clock is shifted (ALERT_CLOCK_OFFSET_MS, refused in production) so that a local hour boundary
// in Kathmandu (UTC+5:45, so not a UTC hour) falls a few seconds into the test. At that instant
// the quiet hours of one channel end and another channel's daily digest is due.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../domain/forecast/dates.ts";
import { instantAt, localTime } from "../../domain/alerts/index.ts";
import {
  addChannel,
  discordWebhook,
  evaluated,
  notifications,
  setLevel,
  setShopSettings,
  slackPath,
  startAlertStack,
  type AlertStack,
} from "../support/alerts.ts";
import { installShop, type TestShop } from "../support/shop.ts";
import { waitFor } from "../support/stack.ts";

const TZ = "Asia/Kathmandu";
const LEAD_MS = 22_000; // real time from now until the worker's clock reaches the hour

let stack: AlertStack;
let hour: Date; // the local hour boundary, on the worker's clock
let realHour: number; // the same instant in real time
beforeAll(async () => {
  const somewhen = localTime(new Date(Date.now() + 5 * 3_600_000), TZ);
  const next = (Math.floor(somewhen.minutes / 60) + 1) * 60;
  hour =
    next >= 1440 ? instantAt(addDays(somewhen.date, 1), 0, TZ) : instantAt(somewhen.date, next, TZ);
  realHour = Date.now() + LEAD_MS;
  stack = await startAlertStack({
    workerEnv: { ALERT_CLOCK_OFFSET_MS: String(hour.getTime() - realHour) },
  });
});
afterAll(() => stack?.close());

describe("quiet hours and digests", () => {
  it("holds instant alerts until quiet hours end, sends one digest at the local hour, and drops what resolved meanwhile", async () => {
    const shop: TestShop = await installShop(stack.webUrl, stack.db, "kathmandu.myshopify.com", {
      variants: 3,
      timezone: TZ,
    });
    await setShopSettings(stack, shop.id, { lowStockThreshold: 10, cooldownMinutes: 0 });
    const h = localTime(hour, TZ).minutes; // minutes after local midnight, a whole hour
    const discord = discordWebhook();
    const slack = slackPath();
    const ch = {
      quiet: await addChannel(stack, shop.id, {
        kind: "discord",
        name: "#stock (quiet at night)",
        config: { webhookUrl: discord.url },
        quietStart: (h + 1440 - 60) % 1440,
        quietEnd: h,
      }),
      digest: await addChannel(stack, shop.id, {
        kind: "email",
        name: "Daily digest",
        mode: "digest_daily",
        digestHour: h / 60,
        config: { recipients: ["owner@kathmandu.test"], sender: { email: "ops@kathmandu.test" } },
      }),
      now: await addChannel(stack, shop.id, {
        kind: "slack",
        name: "#ops (always)",
        config: { webhookUrl: `${stack.fakes.slack.url}${slack}` },
      }),
    };
    for (const i of [0, 1, 2]) {
      await setLevel(shop, i, 50);
      await evaluated(stack, shop, i, 50);
    }

    // Inside quiet hours: X gets low, Y critical, Z drops and is restocked before the hour.
    await setLevel(shop, 0, 8);
    await setLevel(shop, 1, 2);
    await setLevel(shop, 2, 3);
    await evaluated(stack, shop, 2, 3);
    await setLevel(shop, 2, 50);
    await evaluated(stack, shop, 2, 50);
    await evaluated(stack, shop, 1, 2);
    await evaluated(stack, shop, 0, 8);

    // The channel without quiet hours heard everything at once (Z opened and resolved).
    const slackAt = () => stack.fakes.slack.requests.filter((r) => r.path === slack);
    await waitFor("slack got 4", async () => slackAt().length === 4);
    const discordAt = () => stack.fakes.discord.requests.filter((r) => r.path.includes(discord.id));
    const mailAt = () =>
      stack.fakes.sendgrid.requests.filter((r) => r.raw.includes("owner@kathmandu.test"));
    expect(Date.now()).toBeLessThan(realHour - 2_000); // the scene was set in time
    expect(discordAt()).toEqual([]);
    expect(mailAt()).toEqual([]);
    const waiting = await notifications(stack, shop.id);
    const quietRows = waiting.filter((n) => n.channel_id === ch.quiet);
    expect(quietRows.map((n) => n.not_before?.getTime())).toEqual([
      hour.getTime(),
      hour.getTime(),
      hour.getTime(),
    ]);

    // The hour strikes.
    await waitFor(
      "the quiet hours end and the digest is due",
      async () => discordAt().length >= 2 && mailAt().length >= 1,
      LEAD_MS + 10_000,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // nothing else may follow
    const name = (i: number) => `Product ${shop.productId} – Variant ${i + 1}`;

    expect(discordAt()).toHaveLength(2);
    for (const r of discordAt()) {
      expect(r.at).toBeGreaterThanOrEqual(realHour - 50);
      expect(r.at).toBeLessThan(realHour + 2_500);
    }
    const titles = stack.fakes.discord.messages
      .filter((m) => m.webhookId === discord.id)
      .map((m) => (m.message.embeds[0] as { title: string }).title)
      .sort();
    expect(titles).toEqual([`🔴 Only 2 left of ${name(1)}`, `🟡 Only 8 left of ${name(0)}`]);

    expect(mailAt()).toHaveLength(1);
    const [mail] = mailAt();
    expect(mail!.at).toBeGreaterThanOrEqual(realHour - 50);
    expect(mail!.at).toBeLessThan(realHour + 2_500);
    const body = mail!.json as { subject: string; content: { type: string; value: string }[] };
    expect(body.subject).toBe("Daily stock digest: 2 alerts: 1 critical, 1 attention");
    const text = body.content.find((c) => c.type === "text/plain")!.value;
    // Most at stake first (nothing sells here, so by severity); Z resolved and is left out.
    expect(text.indexOf(name(1))).toBeGreaterThan(0);
    expect(text.indexOf(name(1))).toBeLessThan(text.indexOf(name(0)));
    expect(text).not.toContain(name(2));

    const rows = await notifications(stack, shop.id);
    const byChannel = (c: number) =>
      rows.filter((n) => n.channel_id === c).map((n) => [n.variant_id, n.step, n.status]);
    const id = (i: number) => String(shop.variants[i]!.id);
    expect(byChannel(ch.quiet)).toEqual([
      [id(0), "open", "sent"],
      [id(1), "open", "sent"],
      [id(2), "open", "suppressed"], // resolved before the quiet hours ended: never news
    ]);
    expect(byChannel(ch.digest)).toEqual([
      [id(0), "open", "sent"],
      [id(1), "open", "sent"],
      [id(2), "open", "suppressed"],
    ]);
    expect(byChannel(ch.now)).toEqual([
      [id(0), "open", "sent"],
      [id(1), "open", "sent"],
      [id(2), "open", "sent"],
      [id(2), "resolve", "sent"],
    ]);
    const { rows: digested } = await stack.db.query(
      `SELECT last_digest_at FROM channels WHERE id = $1`,
      [ch.digest],
    );
    expect(digested[0]!.last_digest_at).not.toBeNull();
  });
});
