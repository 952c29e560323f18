// Digest messages: many open alerts in one message, most revenue at risk first. Each line still
// says what, how many left, when it runs out, how much to reorder, and links to the admin.
import type { Digest, DigestEntry } from "../alerts/digest.ts";
import type { Severity } from "../alerts/types.ts";
import { alertCopy, SEVERITY_COLOR, SEVERITY_EMOJI } from "./copy.ts";
import { DISCORD_LIMITS, DISCORD_USERNAME, type DiscordMessage } from "./discord.ts";
import { buttons, emailShell, emailSubject, hex, type RenderedEmail } from "./email.ts";
import { escapeDiscord, escapeHtml as h, escapeSlack, oneLine, truncate } from "./escape.ts";
import { day, money, units } from "./format.ts";
import { SLACK_LIMITS, type SlackBlock, type SlackMessage } from "./slack.ts";
import { links, type AlertView, type ShopView } from "./view.ts";
import {
  WEBHOOK_PAYLOAD_VERSION,
  webhookAlert,
  webhookShop,
  type WebhookPayload,
} from "./webhook.ts";

export type DigestView = {
  shop: ShopView;
  mode: "digest_daily" | "digest_weekly";
  items: AlertView[]; // ranked
  omitted: number;
  counts: Record<Severity, number>;
  totalRevenueAtRisk: number;
  at: Date;
};

export function digestView(
  shop: ShopView,
  mode: DigestView["mode"],
  digest: Digest<DigestEntry & { view: AlertView }>,
  at: Date,
): DigestView {
  return {
    shop,
    mode,
    items: digest.items.map((e) => e.view),
    omitted: digest.omitted,
    counts: digest.counts,
    totalRevenueAtRisk: digest.totalRevenueAtRisk,
    at,
  };
}

type Line = { emoji: string; severity: Severity; name: string; summary: string; url: string };

// `esc` is applied to the merchant text in the line (the name, a location).
export function digestLine(v: AlertView, esc: (s: string) => string): Line {
  const c = alertCopy(v, esc);
  const f = v.facts;
  const locale = v.shop.locale ?? "en-US";
  const qty =
    f.suggestedQty && f.suggestedQty > 0 ? ` · reorder ${units(f.suggestedQty, locale)}` : "";
  const left = `${units(Math.max(0, f.available), locale)} left`;
  const summary = {
    stockout_predicted: `${left} · runs out ~${f.stockoutP50 ? day(f.stockoutP50, f.asOf, locale) : "soon"}${qty}`,
    out_of_stock: `out of stock${v.location ? ` at ${esc(v.location.name)}` : ""}${qty}`,
    stock_gap: `${left} · runs out before ${f.nextArrivalQty ? units(f.nextArrivalQty, locale) : "the order"} ${f.nextArrivalOn ? `land ${day(f.nextArrivalOn, f.asOf, locale)}` : "lands"}`,
    low_stock: `${left} (threshold ${units(f.threshold, locale)})${qty}`,
    dead_stock: `${units(f.available, locale)} in stock, no sale in ${f.deadStockDays}+ days`,
    missing_data: c.headline.slice(c.name.length + 1),
  }[v.kind];
  const risk =
    v.revenueAtRisk > 0 ? ` · ${money(v.revenueAtRisk, v.shop.currency, locale)} at risk` : "";
  return {
    emoji: SEVERITY_EMOJI[v.severity],
    severity: v.severity,
    name: c.name,
    summary: summary + risk,
    url: c.links.admin,
  };
}

function title(d: DigestView): string {
  return d.mode === "digest_weekly" ? "Weekly stock digest" : "Daily stock digest";
}

function summaryLine(d: DigestView): string {
  const total = d.counts.critical + d.counts.warning + d.counts.attention;
  if (total === 0) return "Nothing needs your attention.";
  const parts = (["critical", "warning", "attention"] as const)
    .filter((s) => d.counts[s] > 0)
    .map((s) => `${d.counts[s]} ${s}`);
  const risk =
    d.totalRevenueAtRisk > 0
      ? ` · ${money(d.totalRevenueAtRisk, d.shop.currency, d.shop.locale)} at risk`
      : "";
  return `${total} ${total === 1 ? "alert" : "alerts"}: ${parts.join(", ")}${risk}`;
}

function moreLine(d: DigestView): string | null {
  return d.omitted > 0 ? `…and ${d.omitted} more in the app, ranked the same way.` : null;
}

function worst(d: DigestView): Severity | null {
  return (["critical", "warning", "attention"] as const).find((s) => d.counts[s] > 0) ?? null;
}

function appHome(d: DigestView): string {
  return links({
    shop: d.shop,
    product: { id: "0", title: "" },
    variant: { id: "0", title: "", sku: null },
    test: true,
  }).app;
}

export function renderDigestEmail(d: DigestView): RenderedEmail {
  const lines = d.items.map((v) => digestLine(v, (x) => h(oneLine(x))));
  const rows = lines
    .map(
      (l) =>
        `<tr><td style="padding:10px 8px 10px 0;border-top:1px solid #e1e3e5;vertical-align:top;width:12px;"><span style="display:inline-block;width:10px;height:10px;border-radius:5px;background:${hex(SEVERITY_COLOR[l.severity])};"></span></td>` +
        `<td style="padding:8px 0;border-top:1px solid #e1e3e5;font-size:14px;line-height:1.4;"><a href="${h(l.url)}" style="color:#202223;font-weight:600;text-decoration:none;">${l.name}</a><br><span style="color:#6d7175;">${l.summary}</span></td></tr>`,
    )
    .join("\n");
  const more = moreLine(d);
  const body = [
    `<h1 style="margin:0 0 4px;font-size:20px;color:#202223;">${h(title(d))}</h1>`,
    `<p style="margin:0 0 16px;font-size:15px;color:#202223;">${h(summaryLine(d))}</p>`,
    lines.length
      ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px;">\n${rows}\n</table>`
      : "",
    more ? `<p style="margin:0 0 16px;font-size:14px;color:#6d7175;">${h(more)}</p>` : "",
    buttons([["Open Stockout radar", appHome(d), true]]),
  ].join("\n");
  const text = [
    `${title(d)} for ${oneLine(d.shop.name)}`,
    summaryLine(d),
    "",
    ...d.items
      .map((v) => digestLine(v, oneLine))
      .flatMap((l) => [`${l.emoji} ${l.name}`, `   ${l.summary}`, `   ${l.url}`]),
    ...(more ? ["", more] : []),
    "",
    `-- Stockout radar: ${appHome(d)}`,
  ].join("\n");
  return {
    subject: emailSubject(`${title(d)}: ${summaryLine(d)}`),
    html: emailShell({
      shopName: d.shop.name,
      settingsUrl: `${appHome(d)}/settings`,
      preheader: summaryLine(d),
      body,
    }),
    text,
  };
}

export function renderDigestDiscord(d: DigestView): DiscordMessage {
  const more = moreLine(d);
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
  if (omitted > 0) out.push(`…and ${omitted} more in the app, ranked the same way.`);
  else if (more) out.push(more);
  const w = worst(d);
  return {
    username: DISCORD_USERNAME,
    embeds: [
      {
        title: truncate(`${title(d)}: ${summaryLine(d)}`, DISCORD_LIMITS.title),
        url: appHome(d),
        description: out.join("\n\n") || "Nothing needs your attention.",
        color: w ? SEVERITY_COLOR[w] : SEVERITY_COLOR.resolved,
        footer: { text: truncate(`${oneLine(d.shop.name)} · Stockout radar`, 200) },
        timestamp: d.at.toISOString(),
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

export function renderDigestSlack(d: DigestView): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: title(d), emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(summaryLine(d)) }] },
  ];
  // Header, summary, one section per alert, the "more" line and the button: within 50 blocks.
  const room = SLACK_LIMITS.blocks - 5;
  // "|" would end a <url|text> link's text early.
  const esc = (x: string) => escapeSlack(oneLine(x)).replace(/\|/g, "¦");
  const lines = d.items.map((v) => digestLine(v, esc));
  for (const l of lines.slice(0, room)) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`${l.emoji} *<${l.url}|${l.name}>*\n${l.summary}`, SLACK_LIMITS.section),
      },
    });
  }
  const omitted = d.omitted + Math.max(0, lines.length - room);
  if (omitted > 0)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${omitted} more in the app, ranked the same way.` }],
    });
  blocks.push({
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: "Open Stockout radar" },
        url: appHome(d),
        action_id: "open_app",
      },
    ],
  });
  return { text: escapeSlack(`${title(d)}: ${summaryLine(d)}`), blocks };
}

export function renderDigestWebhook(d: DigestView): WebhookPayload {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    type: "digest",
    id: `digest:${d.mode}:${d.at.toISOString()}`,
    createdAt: d.at.toISOString(),
    test: false,
    shop: webhookShop(d.shop),
    digest: {
      mode: d.mode,
      counts: d.counts,
      totalRevenueAtRisk: { amount: d.totalRevenueAtRisk, currency: d.shop.currency },
      omitted: d.omitted,
      alerts: d.items.map(webhookAlert),
    },
  };
}
