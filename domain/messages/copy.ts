// What an alert says, in plain words, before any format: a headline (what happened), one
// action (what to do), and the facts behind it. Renderers escape and lay these out.
import { addDays, daysBetween } from "../forecast/dates.ts";
import type { MissingField } from "../alerts/rules.ts";
import type { Severity } from "../alerts/types.ts";
import { day, dayRange, inDays, money, perDay, units, unitsWord } from "./format.ts";
import { displayName, links, type AlertView, type Links } from "./view.ts";

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  warning: "Warning",
  attention: "Attention",
};

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

const MISSING_WORDS: Record<MissingField, string> = {
  sku: "a SKU",
  price: "a price",
  tracking: "inventory tracking",
};

function list(words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

// `esc` is applied to merchant text only (names, locations, SKUs), so each format escapes
// exactly what it must and our own words stay clean.
export type Escape = (s: string) => string;
const raw: Escape = (s) => s;

export function alertCopy(v: AlertView, esc: Escape = raw): AlertCopy {
  const f = v.facts;
  const locale = v.shop.locale ?? "en-US";
  const name = esc(displayName(v));
  const locName = v.location ? esc(v.location.name) : "";
  const qty = f.suggestedQty && f.suggestedQty > 0 ? f.suggestedQty : null;
  const where = v.location ? `at ${locName}` : "across all locations";
  const m = (x: number) => money(x, v.shop.currency, locale);

  let headline: string;
  let action: string;

  if (v.step === "resolve") {
    headline = {
      out_of_stock: `Back in stock: ${name}`,
      stockout_predicted: `No longer running out soon: ${name}`,
      stock_gap: `Stock on its way now lands in time: ${name}`,
      low_stock: `Restocked: ${name}`,
      dead_stock: `Selling again: ${name}`,
      missing_data: `Fixed: ${name} has complete data`,
    }[v.kind];
    action =
      v.kind === "missing_data"
        ? "No action needed."
        : `${unitsWord(f.available, locale)} in stock ${where} now. No action needed.`;
  } else {
    switch (v.kind) {
      case "stockout_predicted": {
        const days = f.daysToStockout ?? 0;
        headline =
          days <= 1
            ? `${name} runs out ${inDays(days)}`
            : `${name} runs out around ${day(f.stockoutP50 ?? addDays(f.asOf, days), f.asOf, locale)}`;
        const reorder = qty ? `Reorder ${units(qty, locale)}` : "Reorder";
        if (v.severity === "critical") {
          action = `${reorder} now: with a ${f.leadTimeDays}-day lead time, even an order placed today arrives after the likely stockout.`;
        } else {
          const earliest = f.stockoutP10 ?? f.stockoutP50 ?? addDays(f.asOf, days);
          const orderBy = addDays(earliest, -f.leadTimeDays);
          const by =
            daysBetween(f.asOf, orderBy) <= 0 ? "today" : `by ${day(orderBy, f.asOf, locale)}`;
          action = `${reorder} ${by} to restock before it runs out (${f.leadTimeDays}-day lead time).`;
        }
        break;
      }
      case "stock_gap": {
        const when = f.nextArrivalOn ? day(f.nextArrivalOn, f.asOf, locale) : "soon";
        const arriving = f.nextArrivalQty
          ? `${unitsWord(f.nextArrivalQty, locale)} arriving`
          : "Stock arriving";
        headline = `${name} runs out before the order on its way lands (${when})`;
        const chance = Math.round((f.pStockoutGap ?? 0) * 100);
        const gapDays = Math.max(1, Math.round(f.gapDays ?? 0));
        const lost = f.gapRevenue && f.gapRevenue > 0 ? `, about ${m(f.gapRevenue)} in sales` : "";
        action = `${arriving} ${when}, but there is a ${chance} % chance it sells out first: about ${gapDays} ${gapDays === 1 ? "day" : "days"} without stock${lost}. Ask the supplier to expedite, or move stock from another location.`;
        break;
      }
      case "out_of_stock":
        if (v.location) {
          headline = `${name} is out of stock at ${locName}`;
          action =
            f.totalAvailable > 0
              ? `${unitsWord(f.totalAvailable, locale)} left at other locations: transfer some to ${locName}${qty ? ` or reorder ${units(qty, locale)}` : ""}.`
              : `Reorder${qty ? ` ${units(qty, locale)}` : ""}: no other location has any left.`;
        } else {
          headline = `${name} is out of stock`;
          action =
            f.velocity > 0 && (f.price ?? 0) > 0
              ? `Reorder${qty ? ` ${units(qty, locale)}` : ""} now: every day without stock loses about ${m(f.velocity * (f.price ?? 0))} in sales.`
              : "Reorder if you still sell it, or archive it in Shopify.";
        }
        break;
      case "low_stock":
        headline = `Only ${units(Math.max(0, f.available), locale)} left of ${name}`;
        action = `${qty ? `Reorder ${units(qty, locale)}` : "Reorder soon"}: stock is at or below your low-stock threshold of ${units(f.threshold, locale)}.`;
        break;
      case "dead_stock": {
        headline = `${name} hasn't sold in ${f.deadStockDays}+ days`;
        const tied = f.price ? ` (${m(f.available * f.price)})` : "";
        action = `${unitsWord(f.available, locale)}${tied} are tied up: consider a discount, a bundle or returning them to the supplier.`;
        break;
      }
      case "missing_data": {
        const what = list(f.missing.map((x) => MISSING_WORDS[x]));
        headline = `${name} is missing ${what}`;
        action = f.missing.includes("tracking")
          ? 'Turn on "Track quantity" for this variant in Shopify so Stockout radar can warn you before it runs out.'
          : `Add ${what} in Shopify so forecasts and revenue at risk are accurate.`;
        break;
      }
    }
    if (v.step === "escalate")
      headline = `Now ${SEVERITY_LABEL[v.severity].toLowerCase()}: ${headline}`;
  }

  const facts = factsOf(v, locale, esc);
  const badge = v.test ? "Test" : v.step === "resolve" ? "Resolved" : SEVERITY_LABEL[v.severity];
  const emoji = v.test ? "🧪" : v.step === "resolve" ? "✅" : SEVERITY_EMOJI[v.severity];
  const color = v.test
    ? SEVERITY_COLOR.test
    : v.step === "resolve"
      ? SEVERITY_COLOR.resolved
      : SEVERITY_COLOR[v.severity];
  const reorderTail =
    v.step !== "resolve" && qty && v.kind !== "dead_stock" && v.kind !== "missing_data"
      ? ` · reorder ${units(qty, locale)}`
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

function factsOf(v: AlertView, locale: string, esc: Escape): Fact[] {
  const f = v.facts;
  const out: Fact[] = [];
  // Untracked variants have no stock figure worth showing.
  if (!(v.kind === "missing_data" && f.missing.includes("tracking"))) {
    out.push({
      label: "In stock",
      value: v.location
        ? `${units(f.available, locale)} at ${esc(v.location.name)} · ${units(f.totalAvailable, locale)} in total`
        : `${units(f.available, locale)} (all locations)`,
    });
  }
  out.push({ label: "Sells", value: perDay(f.velocity, locale) });
  if (f.stockoutP50 && v.step !== "resolve" && v.kind !== "dead_stock") {
    const range =
      f.stockoutP10 && f.stockoutP90 && f.stockoutP10 !== f.stockoutP90
        ? ` (likely ${dayRange(f.stockoutP10, f.stockoutP90, f.asOf, locale)})`
        : "";
    out.push({ label: "Runs out", value: `${day(f.stockoutP50, f.asOf, locale)}${range}` });
  }
  if (
    v.step !== "resolve" &&
    (v.kind === "stockout_predicted" || v.kind === "low_stock" || v.kind === "out_of_stock")
  ) {
    const parts: string[] = [];
    parts.push(f.suggestedQty && f.suggestedQty > 0 ? unitsWord(f.suggestedQty, locale) : "—");
    if (f.reorderPoint !== null)
      parts.push(`reorder point ${units(Math.ceil(f.reorderPoint), locale)}`);
    if (f.onOrder > 0) parts.push(`${units(f.onOrder, locale)} on order`);
    out.push({ label: "Reorder", value: parts.join(" · ") });
    out.push({ label: "Revenue at risk", value: money(v.revenueAtRisk, v.shop.currency, locale) });
  }
  if (v.step !== "resolve" && v.kind === "stock_gap" && f.nextArrivalOn) {
    out.push({
      label: "On its way",
      value: `${unitsWord(f.nextArrivalQty ?? 0, locale)} ${day(f.nextArrivalOn, f.asOf, locale)}${(f.incoming ?? 0) > (f.nextArrivalQty ?? 0) ? ` · ${units(f.incoming ?? 0, locale)} in all` : ""}`,
    });
    out.push({ label: "Sales at risk", value: money(v.revenueAtRisk, v.shop.currency, locale) });
  }
  if (v.kind === "missing_data" && f.price)
    out.push({ label: "Price", value: money(f.price, v.shop.currency, locale) });
  out.push({ label: "SKU", value: esc(v.variant.sku?.trim() || "none") });
  return out;
}
