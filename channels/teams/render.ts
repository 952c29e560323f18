// Microsoft Teams Workflows bodies: a message with one Adaptive Card (version 1.4, which Teams
// renders on desktop, web and mobile): the headline coloured by severity, the action, the facts in
// a FactSet, and the two links as Action.OpenUrl buttons. Merchant text is escaped for the card's
// markdown subset. Teams refuses cards over about 28 KB; digests stop adding items well before.
import { alertCopy, type Fact } from "../../domain/messages/copy.ts";
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
import { escapeMarkdown as md, oneLine, truncate } from "../../domain/messages/escape.ts";
import type { Severity } from "../../domain/alerts/types.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";

export const TEAMS_LIMITS = { cardBytes: 28_000, digestBytes: 24_000 };

type TextBlock = {
  type: "TextBlock";
  text: string;
  wrap: true;
  size?: "Small" | "Medium" | "Large";
  weight?: "Bolder";
  color?: "Attention" | "Warning" | "Good" | "Accent";
  isSubtle?: boolean;
  spacing?: "Small" | "Medium";
};
type FactSet = { type: "FactSet"; facts: { title: string; value: string }[] };
type Container = { type: "Container"; items: TextBlock[]; separator?: boolean };
type OpenUrl = { type: "Action.OpenUrl"; title: string; url: string };

export type AdaptiveCard = {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  body: (TextBlock | FactSet | Container)[];
  actions: OpenUrl[];
  msteams: { width: "Full" };
};

export type TeamsMessage = {
  type: "message";
  attachments: [
    {
      contentType: "application/vnd.microsoft.card.adaptive";
      contentUrl: null;
      content: AdaptiveCard;
    },
  ];
};

const COLOR: Record<Severity, TextBlock["color"]> = {
  critical: "Attention",
  warning: "Warning",
  attention: "Accent",
};

function wrapCard(body: AdaptiveCard["body"], actions: OpenUrl[]): TeamsMessage {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions,
          msteams: { width: "Full" },
        },
      },
    ],
  };
}

const esc = (x: string) => md(oneLine(x));
const factOf = (f: Fact) => ({ title: f.label, value: truncate(f.value, 500) });

export function renderAlertTeams(v: AlertView): TeamsMessage {
  const c = alertCopy(v, esc);
  const t = tOf(v.shop);
  const color = v.test ? undefined : v.step === "resolve" ? "Good" : COLOR[v.severity];
  return wrapCard(
    [
      {
        type: "TextBlock",
        text: c.badge,
        wrap: true,
        size: "Small",
        weight: "Bolder",
        ...(color ? { color } : {}),
      },
      {
        type: "TextBlock",
        text: truncate(`${c.emoji} ${c.headline}`, 300),
        wrap: true,
        size: "Large",
        weight: "Bolder",
        spacing: "Small",
      },
      ...(v.test
        ? [
            {
              type: "TextBlock" as const,
              text: `_${t("msg.testNote", { channel: "Teams" })}_`,
              wrap: true as const,
              isSubtle: true,
            },
          ]
        : []),
      { type: "TextBlock", text: `**${c.action}**`, wrap: true },
      { type: "FactSet", facts: c.facts.map(factOf) },
      {
        type: "TextBlock",
        text: t("msg.footer", { badge: c.badge, shop: esc(v.shop.name) }),
        wrap: true,
        size: "Small",
        isSubtle: true,
      },
    ],
    [
      { type: "Action.OpenUrl", title: t("msg.openAdmin"), url: c.links.admin },
      { type: "Action.OpenUrl", title: t("msg.viewForecast"), url: c.links.app },
    ],
  );
}

export function renderDigestTeams(d: DigestView): TeamsMessage {
  const w = digestWorst(d);
  const body: AdaptiveCard["body"] = [
    {
      type: "TextBlock",
      text: digestTitle(d),
      wrap: true,
      size: "Large",
      weight: "Bolder",
      ...(w ? { color: COLOR[w] } : {}),
    },
    { type: "TextBlock", text: digestSummary(d), wrap: true, spacing: "Small" },
  ];
  const lines = d.items.map((v) => digestLine(v, esc));
  let size = JSON.stringify(body).length;
  let shown = 0;
  for (const l of lines) {
    const item: Container = {
      type: "Container",
      separator: true,
      items: [
        {
          type: "TextBlock",
          text: `${l.emoji} [${l.name}](${l.url})`,
          wrap: true,
          weight: "Bolder",
        },
        { type: "TextBlock", text: l.summary, wrap: true, isSubtle: true, spacing: "Small" },
      ],
    };
    const bytes = Buffer.byteLength(JSON.stringify(item));
    if (size + bytes > TEAMS_LIMITS.digestBytes) break;
    body.push(item);
    size += bytes;
    shown++;
  }
  const omitted = d.omitted + (lines.length - shown);
  const more = omitted > 0 ? moreInApp(omitted, d.shop) : digestMore(d);
  if (more) body.push({ type: "TextBlock", text: more, wrap: true, isSubtle: true });
  return wrapCard(body, [
    { type: "Action.OpenUrl", title: tOf(d.shop)("msg.openApp"), url: digestHome(d) },
  ]);
}
