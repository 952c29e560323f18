// Discord through a channel webhook (discord.js): a channel kind (channels/kind.ts).
import { createHash } from "node:crypto";
import { defineChannelKind, str, urlHint, type Limit } from "../kind.ts";
import { discordConfig, parseDiscordWebhook } from "./config.ts";
import { renderAlertDiscord, renderDigestDiscord, type DiscordMessage } from "./render.ts";

export type DiscordDestination = { webhookUrl: string };

// Discord's documented global limit (50 requests/s) and the community-measured per-webhook
// bucket (about 5 per 2 s): sending within them avoids the 429s Discord counts towards a ban.
const PER_WEBHOOK = { limit: 5, windowMs: 2_000 };
const GLOBAL = { limit: 50, windowMs: 1_000 };

export const discord = defineChannelKind({
  kind: "discord",
  label: "channels.discord.discord",
  config: discordConfig,
  split: (c) => ({ shown: { hint: urlHint(c.webhookUrl) }, secret: { webhookUrl: c.webhookUrl } }),
  form: [
    {
      name: "webhookUrl",
      input: "url",
      secret: true,
      label: "channels.discord.discordWebhookUrl",
      placeholder: "https://discord.com/api/webhooks/…",
      help: "channels.discord.help.storedEncryptedNeverShown",
    },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertDiscord, digest: renderDigestDiscord },
  destination(ch) {
    if (!ch.secret?.webhookUrl) return { ok: false, error: "the channel has no webhook URL" };
    const parsed = parseDiscordWebhook(ch.secret.webhookUrl);
    // The webhook id is public in every message it posts; anything else is hashed.
    const key = parsed
      ? `discord:${parsed.id}`
      : `discord:${createHash("sha256").update(ch.secret.webhookUrl).digest("hex").slice(0, 16)}`;
    const limits: Limit[] = [
      { key, window: PER_WEBHOOK },
      { key: "discord:global", window: GLOBAL },
    ];
    return { ok: true, key, limits, destination: { webhookUrl: ch.secret.webhookUrl } };
  },
  async sender() {
    const { sendDiscord } = await import("./client.ts");
    return (to: DiscordDestination, m: DiscordMessage, o) =>
      sendDiscord(
        { webhookUrl: to.webhookUrl, timeoutMs: o.timeoutMs, apiBase: o.discordApiBase },
        m,
      );
  },
});
