import { describe, expect, it } from "vitest";
import { fieldErrors } from "../domain/settings.ts";
import { channelSettingsSchema, splitChannelSecret } from "./settings.ts";

const discordUrl = `https://discord.com/api/webhooks/123456789012345678/${"a".repeat(68)}`;

function errorsOf(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  v: unknown,
) {
  const r = schema.safeParse(v);
  if (r.success) throw new Error("expected a validation error");
  return fieldErrors(r.error as Parameters<typeof fieldErrors>[0]);
}

describe("channel settings", () => {
  it("parses an email channel from a form", () => {
    const c = channelSettingsSchema.parse({
      kind: "email",
      name: "Owner",
      quietStart: "22:00",
      quietEnd: "07:30",
      mode: "digest_daily",
      digestHour: "8",
      config: {
        recipients: "ops@shop.test, owner@shop.test\nbuyer@shop.test",
        sender: { email: "alerts@shop.test", name: "Shop alerts" },
      },
    });
    expect(c).toMatchObject({
      kind: "email",
      quietStart: 1320,
      quietEnd: 450,
      mode: "digest_daily",
      digestHour: 8,
      digestWeekday: 1,
      minSeverity: "attention",
      enabled: true,
      fallbackChannelId: null,
      config: { recipients: ["ops@shop.test", "owner@shop.test", "buyer@shop.test"] },
    });
  });

  it("explains bad email settings per field", () => {
    expect(
      errorsOf(channelSettingsSchema, {
        kind: "email",
        name: "",
        config: {
          recipients: ["ok@shop.test", "not-an-address"],
          sender: { email: "alerts@", name: "A <b>" },
        },
      }),
    ).toEqual({
      name: "Name is required",
      "config.recipients.1": "Enter a valid email address",
      "config.sender.email": "Enter a valid email address",
      "config.sender.name": 'Sender name cannot contain < > " or line breaks',
    });
    expect(
      errorsOf(channelSettingsSchema, {
        kind: "email",
        name: "x",
        config: { recipients: [], sender: { email: "a@b.test" } },
      }),
    ).toEqual({ "config.recipients": "Add at least one recipient" });
    const many = Array.from({ length: 21 }, (_, i) => `r${i}@shop.test`);
    expect(
      errorsOf(channelSettingsSchema, {
        kind: "email",
        name: "x",
        config: { recipients: many, sender: { email: "a@b.test" } },
      }),
    ).toEqual({ "config.recipients": "At most 20 recipients" });
  });

  it("accepts Discord webhook URLs and nothing else", () => {
    const ok = (url: string) =>
      channelSettingsSchema.safeParse({ kind: "discord", name: "d", config: { webhookUrl: url } })
        .success;
    expect(ok(discordUrl)).toBe(true);
    expect(ok(discordUrl.replace("discord.com", "discordapp.com"))).toBe(true);
    expect(ok(discordUrl.replace("/api/", "/api/v10/"))).toBe(true);
    expect(ok(discordUrl.replace("https:", "http:"))).toBe(false);
    expect(ok(discordUrl.replace("discord.com", "discord.com.evil.test"))).toBe(false);
    expect(ok("https://discord.com/api/webhooks/123/abc")).toBe(false);
    expect(
      errorsOf(channelSettingsSchema, {
        kind: "discord",
        name: "d",
        config: { webhookUrl: "https://example.com/hook" },
      }),
    ).toEqual({
      "config.webhookUrl":
        "Paste the webhook URL from Discord: https://discord.com/api/webhooks/<id>/<token>",
    });
  });

  it("accepts Slack incoming webhooks and https generic webhooks", () => {
    const slack = (url: string) =>
      channelSettingsSchema.safeParse({ kind: "slack", name: "s", config: { webhookUrl: url } })
        .success;
    expect(slack("https://hooks.slack.com/services/T000/B000/XXXXXXXX")).toBe(true);
    expect(slack("https://hooks.slack.com.evil.test/services/T000/B000/X")).toBe(false);
    expect(
      errorsOf(channelSettingsSchema, {
        kind: "webhook",
        name: "w",
        config: { url: "http://erp.test/hook", signingSecret: "short" },
      }),
    ).toEqual({
      "config.url": "Webhook URL must start with https://",
      "config.signingSecret": "Signing secret must be at least 16 characters",
    });
  });

  it("requires both ends of quiet hours, and different ones", () => {
    const base = {
      kind: "slack",
      name: "s",
      config: { webhookUrl: "https://hooks.slack.com/services/T/B/X" },
    };
    expect(errorsOf(channelSettingsSchema, { ...base, quietStart: "22:00" })).toEqual({
      quietEnd: "Set both ends of quiet hours",
    });
    expect(
      errorsOf(channelSettingsSchema, { ...base, quietStart: "22:00", quietEnd: 1320 }),
    ).toEqual({
      quietEnd: "Quiet hours must end at a different time than they start",
    });
    expect(
      errorsOf(channelSettingsSchema, { ...base, quietStart: "25:00", quietEnd: "07:00" }),
    ).toEqual({
      quietStart: "Quiet hours start must be between 00:00 and 23:59",
    });
    expect(errorsOf(channelSettingsSchema, { ...base, kind: "pager" })).toEqual({
      kind: "Choose a kind of channel",
    });
  });

  it("keeps secrets out of the displayable config", () => {
    const c = channelSettingsSchema.parse({
      kind: "discord",
      name: "d",
      config: { webhookUrl: discordUrl },
    });
    const { config, secret } = splitChannelSecret(c);
    expect(secret).toEqual({ kind: "discord", webhookUrl: discordUrl });
    expect(JSON.stringify(config)).not.toContain("a".repeat(8));
    expect(config).toEqual({ hint: "discord.com/…aaaa" });
  });
});
