// Telegram sendMessage bodies in HTML parse mode: the headline and action in bold, the facts as
// lines, and the links as inline keyboard buttons. Merchant text is HTML-escaped (Telegram reads
// &lt; &gt; &amp; &quot; and numeric entities). Telegram counts at most 4096 characters after
// entity parsing; the raw text is never shorter than that, so limiting it is safe.
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
import { escapeHtml as h, oneLine } from "../../domain/messages/escape.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";

export const TELEGRAM_LIMITS = { text: 4096, buttonText: 64 };

export type TelegramButton = { text: string; url: string };
export type TelegramMessage = {
  text: string;
  parse_mode: "HTML";
  link_preview_options: { is_disabled: true };
  reply_markup?: { inline_keyboard: TelegramButton[][] };
};

const message = (text: string, buttons: TelegramButton[]): TelegramMessage => ({
  text,
  parse_mode: "HTML",
  link_preview_options: { is_disabled: true },
  ...(buttons.length ? { reply_markup: { inline_keyboard: [buttons] } } : {}),
});

// Whole lines only, so no tag is ever cut in half.
function fit(lines: string[], tail: string[] = []): string {
  const out: string[] = [];
  let size = tail.join("\n").length;
  for (const l of lines) {
    if (size + l.length + 1 > TELEGRAM_LIMITS.text) break;
    out.push(l);
    size += l.length + 1;
  }
  return [...out, ...tail].join("\n");
}

export function renderAlertTelegram(v: AlertView): TelegramMessage {
  const c = alertCopy(v, (x) => h(oneLine(x)));
  const t = tOf(v.shop);
  const lines = [
    `${c.emoji} <b>${c.headline}</b>`,
    ...(v.test ? [`<i>${h(t("msg.testNote", { channel: "Telegram" }))}</i>`] : []),
    "",
    `<b>${c.action}</b>`,
    "",
    ...c.facts.map((f) => `${h(f.label)}: ${f.value}`),
    "",
    `<i>${h(t("msg.footer", { badge: c.badge, shop: oneLine(v.shop.name) }))}</i>`,
  ];
  return message(fit(lines), [
    { text: t("msg.openAdmin"), url: c.links.admin },
    { text: t("msg.viewForecast"), url: c.links.app },
  ]);
}

export function renderDigestTelegram(d: DigestView): TelegramMessage {
  const head = [`<b>${h(digestTitle(d))}</b>`, h(digestSummary(d)), ""];
  const items = d.items.map((v) => digestLine(v, (x) => h(oneLine(x))));
  const body: string[] = [];
  let size = head.join("\n").length + 120; // room for the "more" line
  let shown = 0;
  for (const l of items) {
    const line = `${l.emoji} <a href="${h(l.url)}">${l.name}</a>\n${l.summary}`;
    if (size + line.length + 2 > TELEGRAM_LIMITS.text) break;
    body.push(line, "");
    size += line.length + 2;
    shown++;
  }
  const omitted = d.omitted + (items.length - shown);
  const more = omitted > 0 ? moreInApp(omitted, d.shop) : digestMore(d);
  return message([...head, ...body, ...(more ? [h(more)] : [])].join("\n").trimEnd(), [
    { text: tOf(d.shop)("msg.openApp"), url: digestHome(d) },
  ]);
}
