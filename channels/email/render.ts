// Email: subject, HTML with inline styles (mail clients drop <style>), and a plain-text part
// carrying the same words, for clients and filters that read only text.
import {
  alertCopy,
  SEVERITY_COLOR,
  type AlertCopy,
  type Fact,
} from "../../domain/messages/copy.ts";
import {
  digestHome,
  digestLine,
  digestMore,
  digestSummary,
  digestTitle,
  type DigestView,
} from "../../domain/messages/digest.ts";
import { escapeHtml as h, oneLine, truncate } from "../../domain/messages/escape.ts";
import type { T } from "../../i18n/index.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";

export type RenderedEmail = { subject: string; html: string; text: string };

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export const hex = (c: number) => `#${c.toString(16).padStart(6, "0")}`;

export function emailSubject(s: string): string {
  return truncate(oneLine(s), 200);
}

const htmlText = (x: string) => h(oneLine(x));

export function renderAlertEmail(v: AlertView): RenderedEmail {
  const plain = alertCopy(v, oneLine);
  const html = alertCopy(v, htmlText);
  return {
    subject: emailSubject(plain.subject),
    html: emailShell({
      shopName: v.shop.name,
      settingsUrl: plain.links.settings,
      preheader: plain.action,
      body: alertBlock(html, tOf(v.shop)),
      test: v.test,
      t: tOf(v.shop),
    }),
    text: alertText(plain, v.shop.name, tOf(v.shop), v.test),
  };
}

// `c` was rendered with HTML escaping of merchant text: its strings go in as they are.
function alertBlock(c: AlertCopy, t: T): string {
  const color = hex(c.color);
  return [
    `<div style="display:inline-block;padding:2px 10px;border-radius:10px;background:${color};color:#ffffff;font-size:12px;font-weight:600;">${c.badge}</div>`,
    `<h1 style="margin:12px 0 8px;font-size:20px;line-height:1.3;color:#202223;">${c.headline}</h1>`,
    `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#202223;"><strong>${c.action}</strong></p>`,
    factsTable(c.facts),
    buttons([
      [t("msg.openAdmin"), c.links.admin, true],
      [t("msg.viewForecast"), c.links.app, false],
    ]),
  ].join("\n");
}

// Fact values must already be HTML-escaped.
export function factsTable(facts: Fact[]): string {
  const rows = facts
    .map(
      (f) =>
        `<tr><td style="padding:6px 12px 6px 0;color:#6d7175;font-size:14px;white-space:nowrap;vertical-align:top;">${h(f.label)}</td>` +
        `<td style="padding:6px 0;color:#202223;font-size:14px;font-weight:600;">${f.value}</td></tr>`,
    )
    .join("\n");
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 20px;">\n${rows}\n</table>`;
}

export function buttons(list: [label: string, url: string, primary: boolean][]): string {
  return list
    .map(
      ([label, url, primary]) =>
        `<a href="${h(url)}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;text-decoration:none;font-size:14px;font-weight:600;${
          primary
            ? "background:#008060;color:#ffffff;"
            : "background:#ffffff;color:#202223;border:1px solid #c9cccf;"
        }">${h(label)}</a>`,
    )
    .join("");
}

export function emailShell(o: {
  shopName: string;
  settingsUrl: string;
  preheader: string;
  body: string;
  test?: boolean;
  t: T;
}): string {
  const testNote = o.test
    ? `<p style="margin:0 0 16px;padding:8px 12px;background:#f1f2f3;border-radius:6px;font-size:13px;color:#6d7175;">${h(o.t("msg.emailTest"))}</p>`
    : "";
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:0;background:#f6f6f7;font-family:${FONT};">
<div style="display:none;max-height:0;overflow:hidden;">${h(oneLine(o.preheader))}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f7;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;"><tr><td style="padding:24px;font-family:${FONT};">
${testNote}${o.body}
</td></tr></table>
<p style="margin:16px 0 0;font-size:12px;color:#8c9196;font-family:${FONT};">${h(o.t("msg.emailFooter", { shop: oneLine(o.shopName) }))} · <a href="${h(o.settingsUrl)}" style="color:#8c9196;">${h(o.t("msg.alertSettings"))}</a></p>
</td></tr></table>
</body></html>`;
}

export function factLines(facts: Fact[]): string {
  const width = Math.max(...facts.map((f) => f.label.length)) + 2;
  return facts.map((f) => `${`${f.label}:`.padEnd(width)}${f.value}`).join("\n");
}

function alertText(c: AlertCopy, shopName: string, t: T, test?: boolean): string {
  return [
    ...(test ? [t("msg.emailTest"), ""] : []),
    `[${c.badge}] ${c.headline}`,
    "",
    c.action,
    "",
    factLines(c.facts),
    "",
    `${t("msg.openAdmin")}: ${c.links.admin}`,
    `${t("msg.viewForecast")}: ${c.links.app}`,
    "",
    `-- ${t("msg.emailFooter", { shop: oneLine(shopName) })} · ${t("msg.alertSettings")}: ${c.links.settings}`,
  ].join("\n");
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
  const more = digestMore(d);
  const body = [
    `<h1 style="margin:0 0 4px;font-size:20px;color:#202223;">${h(digestTitle(d))}</h1>`,
    `<p style="margin:0 0 16px;font-size:15px;color:#202223;">${h(digestSummary(d))}</p>`,
    lines.length
      ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px;">\n${rows}\n</table>`
      : "",
    more ? `<p style="margin:0 0 16px;font-size:14px;color:#6d7175;">${h(more)}</p>` : "",
    buttons([[tOf(d.shop)("msg.openApp"), digestHome(d), true]]),
  ].join("\n");
  const text = [
    tOf(d.shop)("msg.digestFor", { title: digestTitle(d), shop: oneLine(d.shop.name) }),
    digestSummary(d),
    "",
    ...d.items
      .map((v) => digestLine(v, oneLine))
      .flatMap((l) => [`${l.emoji} ${l.name}`, `   ${l.summary}`, `   ${l.url}`]),
    ...(more ? ["", more] : []),
    "",
    `-- Stockout radar: ${digestHome(d)}`,
  ].join("\n");
  return {
    subject: emailSubject(`${digestTitle(d)}: ${digestSummary(d)}`),
    html: emailShell({
      shopName: d.shop.name,
      settingsUrl: `${digestHome(d)}/settings`,
      preheader: digestSummary(d),
      body,
      t: tOf(d.shop),
    }),
    text,
  };
}
