// SMS text: one short message with the headline, the action, the key facts and the admin link.
// Twilio accepts up to 1,600 characters, billed per segment: 153 GSM-7 characters per segment of
// a long message, or 67 when any character falls outside GSM-7 (an accent, an emoji). Text is
// kept to GSM-7 where a plain equivalent exists, and to at most SMS_LIMITS.segments segments by
// dropping the least important parts first.
import { alertCopy } from "../../domain/messages/copy.ts";
import {
  digestHome,
  digestLine,
  digestSummary,
  digestTitle,
  type DigestView,
} from "../../domain/messages/digest.ts";
import { oneLine } from "../../domain/messages/escape.ts";
import { money } from "../../domain/messages/format.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";
import { intlLocale } from "../../i18n/index.ts";

export const SMS_LIMITS = { chars: 1600, segments: 4 };

export type SmsMessage = { body: string };

const GSM =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€"; // each counts as two

const PLAIN: Record<string, string> = {
  "–": "-",
  "—": "-",
  "·": "|",
  "…": "...",
  "‘": "'",
  "’": "'",
  "“": '"',
  "”": '"',
  "\u00a0": " ",
  "\u202f": " ",
};

export function toGsm(s: string): string {
  return s.replace(/[–—·…‘’“”\u00a0\u202f]/g, (c) => PLAIN[c] ?? c);
}

export function smsSegments(text: string): { segments: number; encoding: "GSM-7" | "UCS-2" } {
  const gsm = [...text].every((c) => GSM.includes(c) || GSM_EXTENDED.includes(c));
  if (gsm) {
    const units = [...text].reduce((n, c) => n + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);
    return { segments: units <= 160 ? 1 : Math.ceil(units / 153), encoding: "GSM-7" };
  }
  const units = text.length; // UTF-16 code units, as the network counts them
  return { segments: units <= 70 ? 1 : Math.ceil(units / 67), encoding: "UCS-2" };
}

// The first candidate that fits the segment budget, else the last one cut to Twilio's limit.
function within(candidates: string[]): string {
  for (const c of candidates)
    if (c.length <= SMS_LIMITS.chars && smsSegments(c).segments <= SMS_LIMITS.segments) return c;
  return candidates.at(-1)!.slice(0, SMS_LIMITS.chars);
}

export function renderAlertSms(v: AlertView): SmsMessage {
  const c = alertCopy(v, oneLine);
  const t = tOf(v.shop);
  const locale = v.shop.locale ?? intlLocale(v.shop.language ?? "en");
  const facts = c.facts.slice(0, 2).map((f) => `${f.label}: ${f.value}`);
  if (v.revenueAtRisk > 0 && v.step !== "resolve")
    facts.push(t("msg.atRisk", { amount: money(v.revenueAtRisk, v.shop.currency, locale) }));
  const head = `[${c.badge}] ${c.headline}`;
  const tail = `${c.links.admin} -Stockout radar`;
  const test = v.test ? t("msg.smsTest") : "";
  const full = toGsm(`${test}${head}. ${c.action} ${facts.join(", ")}. ${tail}`);
  const short = toGsm(`${test}${head}. ${facts.join(", ")}. ${tail}`);
  const shortest = toGsm(`${test}${head}. ${c.links.admin}`);
  return { body: within([full, short, shortest]) };
}

export function renderDigestSms(d: DigestView): SmsMessage {
  const lines = d.items.map((v) => digestLine(v, oneLine));
  const head = `${digestTitle(d)}: ${digestSummary(d)}`;
  const home = digestHome(d);
  const candidates: string[] = [];
  for (let n = Math.min(lines.length, 5); n >= 0; n--) {
    const list = lines.slice(0, n).map((l) => `- ${l.name}: ${l.summary}`);
    candidates.push(toGsm([head, ...list, home].join("\n")));
  }
  return { body: within(candidates) };
}
