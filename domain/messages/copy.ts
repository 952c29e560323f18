// What an alert says, in plain words, before any format: a headline (what happened), one
// action (what to do), and the facts behind it. Renderers escape and lay these out.
import { addDays, daysBetween } from "../forecast/dates.ts";
import type { Severity } from "../alerts/types.ts";
import { intlLocale, translator, type T } from "../../i18n/index.ts";
import { day, dayRange, inDays, money, perDay, units, unitsWord } from "./format.ts";
import { displayName, links, type AlertView, type Links } from "./view.ts";

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: "🔴",
  warning: "🟠",
  attention: "🟡",
};

// Discord embed colours; the email badge uses the same hues.
export const SEVERITY_COLOR: Record<Severity | "resolved" | "test", number> = {
  critical: 0xd72c0d,
  warning: 0xe8a33d,
  attention: 0xd4b106,
  resolved: 0x2e8540,
  test: 0x6b7280,
};

export type Fact = { label: string; value: string };

export type AlertCopy = {
  badge: string; // "Critical", "Resolved", "Test"
  emoji: string;
  color: number;
  name: string; // product – variant
  headline: string;
  action: string;
  facts: Fact[];
  links: Links;
  subject: string;
};

// "a SKU and a price" / "un SKU y un precio".
function list(t: T, words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : t("alert.list", { items: words.slice(0, -1).join(", "), last: words.at(-1) });
}

// `esc` is applied to merchant text only (names, locations, SKUs), so each format escapes
// exactly what it must and our own words stay clean.
export type Escape = (s: string) => string;
const raw: Escape = (s) => s;

export function alertCopy(v: AlertView, esc: Escape = raw): AlertCopy {
  const f = v.facts;
  const lang = v.shop.language ?? "en";
  const t = translator(lang);
  const locale = v.shop.locale ?? intlLocale(lang);
  const name = esc(displayName(v, t));
  const locName = v.location ? esc(v.location.name) : "";
  const qty = f.suggestedQty && f.suggestedQty > 0 ? f.suggestedQty : null;
  const where = v.location ? t("alert.atLocation", { location: locName }) : t("alert.allLocations");
  const m = (x: number) => money(x, v.shop.currency, locale);
  const n = (x: number) => units(x, locale);

  let headline: string;
  let action: string;

  if (v.step === "resolve") {
    headline = t(`alert.resolved.${v.kind}`, { name });
    action =
      v.kind === "missing_data"
        ? t("alert.noAction")
        : t("alert.resolvedAction", { units: unitsWord(f.available, locale), where });
  } else {
    switch (v.kind) {
      case "stockout_predicted": {
        const days = f.daysToStockout ?? 0;
        headline =
          days <= 1
            ? t("alert.runsOutIn", { name, when: inDays(days, locale) })
            : t("alert.runsOutAround", {
                name,
                day: day(f.stockoutP50 ?? addDays(f.asOf, days), f.asOf, locale),
              });
        const reorder = qty ? t("alert.reorderQty", { qty: n(qty) }) : t("alert.reorder");
        if (v.severity === "critical") {
          action = t("alert.criticalAction", { reorder, lead: f.leadTimeDays });
        } else {
          const earliest = f.stockoutP10 ?? f.stockoutP50 ?? addDays(f.asOf, days);
          const orderBy = addDays(earliest, -f.leadTimeDays);
          const by =
            daysBetween(f.asOf, orderBy) <= 0
              ? t("alert.today")
              : t("alert.byDay", { day: day(orderBy, f.asOf, locale) });
          action = t("alert.warningAction", { reorder, by, lead: f.leadTimeDays });
        }
        break;
      }
      case "stock_gap": {
        const when = f.nextArrivalOn ? day(f.nextArrivalOn, f.asOf, locale) : t("digest.soon");
        const gapDays = Math.max(1, Math.round(f.gapDays ?? 0));
        headline = t("alert.gap.headline", { name, when });
        action = t("alert.gap.action", {
          arriving: f.nextArrivalQty
            ? t("alert.gap.arriving", { units: unitsWord(f.nextArrivalQty, locale) })
            : t("alert.gap.arrivingSome"),
          when,
          chance: Math.round((f.pStockoutGap ?? 0) * 100),
          count: gapDays,
          lost:
            f.gapRevenue && f.gapRevenue > 0
              ? t("alert.gap.lost", { amount: m(f.gapRevenue) })
              : "",
        });
        break;
      }
      case "out_of_stock":
        if (v.location) {
          headline = t("alert.outAt", { name, location: locName });
          action =
            f.totalAvailable > 0
              ? t(qty ? "alert.transferOrReorder" : "alert.transfer", {
                  units: unitsWord(f.totalAvailable, locale),
                  location: locName,
                  qty: qty ? n(qty) : "",
                })
              : t(qty ? "alert.noneElsewhereQty" : "alert.noneElsewhere", {
                  qty: qty ? n(qty) : "",
                });
        } else {
          headline = t("alert.out", { name });
          action =
            f.velocity > 0 && (f.price ?? 0) > 0
              ? t(qty ? "alert.lossPerDayQty" : "alert.lossPerDay", {
                  qty: qty ? n(qty) : "",
                  loss: m(f.velocity * (f.price ?? 0)),
                })
              : t("alert.reorderOrArchive");
        }
        break;
      case "low_stock":
        headline = t("alert.onlyLeft", { left: n(Math.max(0, f.available)), name });
        action = t("alert.lowAction", {
          reorder: qty ? t("alert.reorderQty", { qty: n(qty) }) : t("alert.reorderSoon"),
          threshold: n(f.threshold),
        });
        break;
      case "dead_stock": {
        headline = t("alert.deadHeadline", { name, days: f.deadStockDays });
        const tied = f.price ? ` (${m(f.available * f.price)})` : "";
        action = t("alert.deadAction", { units: unitsWord(f.available, locale), tied });
        break;
      }
      case "missing_data": {
        const what = list(
          t,
          f.missing.map((x) => t(`alert.missing.${x}`)),
        );
        headline = t("alert.missingHeadline", { name, what });
        action = f.missing.includes("tracking")
          ? t("alert.trackingAction")
          : t("alert.missingAction", { what });
        break;
      }
    }
    if (v.step === "escalate")
      headline = t("alert.escalated", {
        severity: t(`severity.${v.severity}`).toLowerCase(),
        headline,
      });
  }

  const facts = factsOf(v, locale, esc, t);
  const badge = v.test
    ? t("alert.badge.test")
    : v.step === "resolve"
      ? t("alert.badge.resolved")
      : t(`severity.${v.severity}`);
  const emoji = v.test ? "🧪" : v.step === "resolve" ? "✅" : SEVERITY_EMOJI[v.severity];
  const color = v.test
    ? SEVERITY_COLOR.test
    : v.step === "resolve"
      ? SEVERITY_COLOR.resolved
      : SEVERITY_COLOR[v.severity];
  const reorderTail =
    v.step !== "resolve" && qty && v.kind !== "dead_stock" && v.kind !== "missing_data"
      ? t("alert.subjectReorder", { qty: n(qty) })
      : "";
  return {
    badge,
    emoji,
    color,
    name,
    headline,
    action,
    facts,
    links: links(v),
    subject: `[${badge}] ${headline}${reorderTail}`,
  };
}

function factsOf(v: AlertView, locale: string, esc: Escape, t: T): Fact[] {
  const f = v.facts;
  const n = (x: number) => units(x, locale);
  const out: Fact[] = [];
  // Untracked variants have no stock figure worth showing.
  if (!(v.kind === "missing_data" && f.missing.includes("tracking"))) {
    out.push({
      label: t("facts.inStock"),
      value: v.location
        ? t("facts.inStockAt", {
            units: n(f.available),
            location: esc(v.location.name),
            total: n(f.totalAvailable),
          })
        : t("facts.inStockAll", { units: n(f.available) }),
    });
  }
  out.push({ label: t("facts.sells"), value: perDay(f.velocity, locale) });
  if (f.stockoutP50 && v.step !== "resolve" && v.kind !== "dead_stock") {
    const range =
      f.stockoutP10 && f.stockoutP90 && f.stockoutP10 !== f.stockoutP90
        ? t("facts.likelyRange", { range: dayRange(f.stockoutP10, f.stockoutP90, f.asOf, locale) })
        : "";
    out.push({ label: t("facts.runsOut"), value: `${day(f.stockoutP50, f.asOf, locale)}${range}` });
  }
  if (
    v.step !== "resolve" &&
    (v.kind === "stockout_predicted" || v.kind === "low_stock" || v.kind === "out_of_stock")
  ) {
    const parts: string[] = [];
    parts.push(f.suggestedQty && f.suggestedQty > 0 ? unitsWord(f.suggestedQty, locale) : "—");
    if (f.reorderPoint !== null)
      parts.push(t("facts.reorderPoint", { units: n(Math.ceil(f.reorderPoint)) }));
    if (f.onOrder > 0) parts.push(t("facts.onOrder", { units: n(f.onOrder) }));
    out.push({ label: t("facts.reorder"), value: parts.join(" · ") });
    out.push({
      label: t("facts.revenueAtRisk"),
      value: money(v.revenueAtRisk, v.shop.currency, locale),
    });
  }
  if (v.step !== "resolve" && v.kind === "stock_gap" && f.nextArrivalOn) {
    out.push({
      label: "On its way",
      value: `${unitsWord(f.nextArrivalQty ?? 0, locale)} ${day(f.nextArrivalOn, f.asOf, locale)}${(f.incoming ?? 0) > (f.nextArrivalQty ?? 0) ? ` · ${units(f.incoming ?? 0, locale)} in all` : ""}`,
    });
    out.push({ label: "Sales at risk", value: money(v.revenueAtRisk, v.shop.currency, locale) });
  }
  if (v.kind === "missing_data" && f.price)
    out.push({ label: t("facts.price"), value: money(f.price, v.shop.currency, locale) });
  out.push({ label: t("facts.sku"), value: esc(v.variant.sku?.trim() || t("facts.noSku")) });
  return out;
}
