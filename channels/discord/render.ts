// Discord execute-webhook payloads: one embed per alert, coloured by severity, with the facts
// as fields and the admin link as the embed URL. Limits are Discord's documented ones.
// Merchant text is markdown-escaped; the footer is not parsed as markdown, so it stays raw.
import { alertCopy, SEVERITY_COLOR } from "../../domain/messages/copy.ts";
import {
  digestHome,
  digestLine,
  digestMore,
  digestSummary,
  digestTitle,
  digestWorst,
  moreInApp,
  type DigestView,
} from "../../domain/messages/digest.ts";
import {
  escapeDiscord as d,
  escapeDiscord,
  oneLine,
  truncate,
} from "../../domain/messages/escape.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";

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
  const t = tOf(v.shop);
  const fields = c.facts.map((f) => ({
    name: f.label,
    value: truncate(f.value, DISCORD_LIMITS.fieldValue),
    inline: f.label !== t("facts.runsOut"),
  }));
  fields.push({
    name: t("msg.links"),
    value: `[${t("msg.openAdmin")}](${c.links.admin}) · [${t("msg.viewForecast")}](${c.links.app})`,
    inline: false,
  });
  return {
    username: DISCORD_USERNAME,
    embeds: [
      {
        title: truncate(`${c.emoji} ${c.headline}`, DISCORD_LIMITS.title),
        url: c.links.admin,
        description: truncate(
          `${v.test ? `*${t("msg.testNote", { channel: "Discord" })}*\n` : ""}**${c.action}**`,
          DISCORD_LIMITS.description,
        ),
        color: c.color,
        fields,
        footer: {
          text: truncate(t("msg.footer", { badge: c.badge, shop: oneLine(v.shop.name) }), 200),
        },
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

export function renderDigestDiscord(d: DigestView): DiscordMessage {
  const more = digestMore(d);
  const out: string[] = [];
  let size = 0;
  let cut = 0;
  for (const l of d.items.map((v) => digestLine(v, (x) => escapeDiscord(oneLine(x))))) {
    const line = `${l.emoji} **[${l.name}](${l.url})**\n${l.summary}`;
    // Leave room for the "more" line within Discord's description limit.
    if (size + line.length + 2 > DISCORD_LIMITS.description - 120) {
      cut++;
      continue;
    }
    out.push(line);
    size += line.length + 2;
  }
  const omitted = d.omitted + cut;
  if (omitted > 0) out.push(moreInApp(omitted, d.shop));
  else if (more) out.push(more);
  const w = digestWorst(d);
  return {
    username: DISCORD_USERNAME,
    embeds: [
      {
        title: truncate(`${digestTitle(d)}: ${digestSummary(d)}`, DISCORD_LIMITS.title),
        url: digestHome(d),
        description: out.join("\n\n") || tOf(d.shop)("msg.nothing"),
        color: w ? SEVERITY_COLOR[w] : SEVERITY_COLOR.resolved,
        footer: {
          text: truncate(tOf(d.shop)("msg.shopFooter", { shop: oneLine(d.shop.name) }), 200),
        },
        timestamp: d.at.toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}
