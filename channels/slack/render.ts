// Slack incoming-webhook payloads in Block Kit. Merchant text goes into plain_text elements where
// it can (the header), is &<>-escaped in mrkdwn, and SKUs sit in inline code so underscores in
// them are not read as italics.
import { tOf } from "../../domain/messages/view.ts";
import { alertCopy, type Fact } from "../../domain/messages/copy.ts";
import {
  digestHome,
  digestLine,
  digestSummary,
  digestTitle,
  moreInApp,
  type DigestView,
} from "../../domain/messages/digest.ts";
import { escapeSlack as s, escapeSlack, oneLine, truncate } from "../../domain/messages/escape.ts";
import type { AlertView } from "../../domain/messages/view.ts";

export type SlackText = { type: "plain_text" | "mrkdwn"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[]; accessory?: SlackButton }
  | { type: "actions"; elements: SlackButton[] }
  | { type: "context"; elements: SlackText[] }
  | { type: "divider" };
export type SlackButton = {
  type: "button";
  text: SlackText;
  url: string;
  style?: "primary" | "danger";
  action_id?: string;
};
export type SlackMessage = { text: string; blocks: SlackBlock[] };

export const SLACK_LIMITS = {
  header: 150,
  section: 3000,
  field: 2000,
  fields: 10,
  blocks: 50,
  button: 75,
};

// Fact values must already be mrkdwn-escaped.
export function slackFact(f: Fact, t = tOf({})): SlackText {
  const value =
    f.label === t("facts.sku") && f.value !== t("facts.noSku")
      ? `\`${f.value.replace(/`/g, "'")}\``
      : f.value;
  return { type: "mrkdwn", text: truncate(`*${f.label}*\n${value}`, SLACK_LIMITS.field) };
}

export function renderAlertSlack(v: AlertView): SlackMessage {
  const plain = alertCopy(v, oneLine); // for plain_text elements, which Slack never parses
  const c = alertCopy(v, (x) => s(oneLine(x)));
  const t = tOf(v.shop);
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: truncate(`${plain.emoji} ${plain.headline}`, SLACK_LIMITS.header),
        emoji: true,
      },
    },
  ];
  if (v.test)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `_${t("msg.testNote", { channel: "Slack" })}_` }],
    });
  blocks.push(
    {
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*${c.action}*`, SLACK_LIMITS.section) },
    },
    { type: "section", fields: c.facts.slice(0, SLACK_LIMITS.fields).map((f) => slackFact(f, t)) },
    {
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: t("msg.openAdmin") },
          url: c.links.admin,
          style: "primary",
          action_id: "open_admin",
        },
        {
          type: "button",
          text: { type: "plain_text", text: t("msg.viewForecast") },
          url: c.links.app,
          action_id: "open_app",
        },
      ],
    },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: t("msg.footer", { badge: c.badge, shop: s(oneLine(v.shop.name)) }),
        },
      ],
    },
  );
  return {
    // Shown in notifications and by clients that cannot draw blocks.
    text: truncate(`${c.emoji} ${c.badge}: ${c.headline}. ${c.action}`, SLACK_LIMITS.section),
    blocks,
  };
}

export function renderDigestSlack(d: DigestView): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: digestTitle(d), emoji: true } },
    { type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(digestSummary(d)) }] },
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
      elements: [{ type: "mrkdwn", text: moreInApp(omitted, d.shop) }],
    });
  blocks.push({
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: tOf(d.shop)("msg.openApp") },
        url: digestHome(d),
        action_id: "open_app",
      },
    ],
  });
  return { text: escapeSlack(`${digestTitle(d)}: ${digestSummary(d)}`), blocks };
}
