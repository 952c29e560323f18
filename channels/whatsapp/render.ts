// WhatsApp text through Twilio: WhatsApp's own formatting (*bold*, _italic_), the facts as lines,
// the links spelled out (WhatsApp previews them). Twilio's Body is at most 1,600 characters.
// For a business-initiated message outside the 24-hour window WhatsApp requires an approved
// template: `variables` fill one ({{1}} headline, {{2}} action, {{3}} admin link).
import { alertCopy } from "../../domain/messages/copy.ts";
import {
  digestHome,
  digestLine,
  digestMore,
  digestSummary,
  digestTitle,
  moreInApp,
  type DigestView,
} from "../../domain/messages/digest.ts";
import { oneLine, truncate } from "../../domain/messages/escape.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";

export const WHATSAPP_LIMITS = { body: 1600, variable: 1024 };

export type WhatsAppMessage = { body: string; variables: Record<string, string> };

// WhatsApp has no escape character: merchant text keeps its characters, but the ones that would
// open or close emphasis are swapped for look-alikes so a title cannot restyle the message.
export function plainWhatsApp(s: string): string {
  return oneLine(s).replace(/\*/g, "∗").replace(/_/g, "＿").replace(/~/g, "∼").replace(/`/g, "'");
}

export function renderAlertWhatsApp(v: AlertView): WhatsAppMessage {
  const c = alertCopy(v, plainWhatsApp);
  const t = tOf(v.shop);
  const lines = [
    `${c.emoji} *${c.headline}*`,
    ...(v.test ? [`_${t("msg.testNote", { channel: "WhatsApp" })}_`] : []),
    "",
    `*${c.action}*`,
    "",
    ...c.facts.map((f) => `${f.label}: ${f.value}`),
    "",
    `${t("msg.openAdmin")}: ${c.links.admin}`,
    `${t("msg.viewForecast")}: ${c.links.app}`,
  ];
  return {
    body: truncate(lines.join("\n"), WHATSAPP_LIMITS.body),
    variables: {
      "1": truncate(`${c.emoji} ${c.headline}`, WHATSAPP_LIMITS.variable),
      "2": truncate(c.action, WHATSAPP_LIMITS.variable),
      "3": c.links.admin,
    },
  };
}

export function renderDigestWhatsApp(d: DigestView): WhatsAppMessage {
  const head = [`*${digestTitle(d)}*`, digestSummary(d), ""];
  const home = digestHome(d);
  const items = d.items.map((v) => digestLine(v, plainWhatsApp));
  const body: string[] = [];
  let size = head.join("\n").length + home.length + 80;
  let shown = 0;
  for (const l of items) {
    const line = `${l.emoji} *${l.name}*\n${l.summary}\n${l.url}`;
    if (size + line.length + 2 > WHATSAPP_LIMITS.body) break;
    body.push(line, "");
    size += line.length + 2;
    shown++;
  }
  const omitted = d.omitted + (items.length - shown);
  const more = omitted > 0 ? moreInApp(omitted, d.shop) : digestMore(d);
  return {
    body: truncate(
      [...head, ...body, ...(more ? [more] : []), home].join("\n"),
      WHATSAPP_LIMITS.body,
    ),
    variables: { "1": digestTitle(d), "2": digestSummary(d), "3": home },
  };
}
