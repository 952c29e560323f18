// Discord execute-webhook payloads: one embed per alert, coloured by severity, with the facts
// as fields and the admin link as the embed URL. Limits are Discord's documented ones.
// Merchant text is markdown-escaped; the footer is not parsed as markdown, so it stays raw.
import { alertCopy } from "./copy.ts";
import { escapeDiscord as d, oneLine, truncate } from "./escape.ts";
import type { AlertView } from "./view.ts";

export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};

export type DiscordEmbed = {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
};

export type DiscordMessage = {
  username?: string;
  content?: string;
  embeds: DiscordEmbed[];
  // Names could contain @everyone or role mentions: nothing in our messages may ping anyone.
  allowed_mentions: { parse: [] };
};

export const DISCORD_USERNAME = "Stockout radar";

export function renderAlertDiscord(v: AlertView): DiscordMessage {
  const c = alertCopy(v, (x) => d(oneLine(x)));
  const fields = c.facts.map((f) => ({
    name: f.label,
    value: truncate(f.value, DISCORD_LIMITS.fieldValue),
    inline: f.label !== "Runs out",
  }));
  fields.push({
    name: "Links",
    value: `[Open in Shopify admin](${c.links.admin}) · [View forecast](${c.links.app})`,
    inline: false,
  });
  return {
    username: DISCORD_USERNAME,
    embeds: [
      {
        title: truncate(`${c.emoji} ${c.headline}`, DISCORD_LIMITS.title),
        url: c.links.admin,
        description: truncate(
          `${v.test ? "*Test alert with sample data: your Discord channel works.*\n" : ""}**${c.action}**`,
          DISCORD_LIMITS.description,
        ),
        color: c.color,
        fields,
        footer: { text: truncate(`${c.badge} · ${oneLine(v.shop.name)} · Stockout radar`, 200) },
        timestamp: v.at.toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

// Total characters Discord counts against its 6000 limit.
export function embedSize(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
