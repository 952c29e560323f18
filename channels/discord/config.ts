// A Discord channel's settings: one channel webhook URL (sealed: the token in it posts as us).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { httpsUrl } from "../../domain/settings.ts";

// discord.com, discordapp.com and the ptb/canary hosts, with or without an API version.
export const DISCORD_WEBHOOK_RE =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,20})\/([\w-]{60,100})\/?$/;

export const discordConfig = z.object({
  webhookUrl: httpsUrl("fields.discordWebhookUrl").refine((v) => DISCORD_WEBHOOK_RE.test(v), {
    error: errorKey("errors.channel.discordUrl"),
  }),
});

export function parseDiscordWebhook(url: string): { id: string; token: string } | null {
  const m = DISCORD_WEBHOOK_RE.exec(url.trim());
  return m?.[1] && m[2] ? { id: m[1], token: m[2] } : null;
}
