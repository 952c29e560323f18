// Digest messages: many open alerts in one message, most revenue at risk first. Each line still
// says what, how many left, when it runs out, how much to reorder, and links to the admin. What
// every format shares is here; each channel kind lays it out in its own render.ts.
import type { Digest, DigestEntry } from "../alerts/digest.ts";
import type { Severity } from "../alerts/types.ts";
import { alertCopy, SEVERITY_EMOJI } from "./copy.ts";
import { day, money, units } from "./format.ts";
import { intlLocale } from "../../i18n/index.ts";
import { links, tOf, type AlertView, type ShopView } from "./view.ts";

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
  const t = tOf(v.shop);
  const locale = v.shop.locale ?? intlLocale(v.shop.language ?? "en");
  const qty =
    f.suggestedQty && f.suggestedQty > 0
      ? t("digest.reorder", { qty: units(f.suggestedQty, locale) })
      : "";
  const left = t("digest.left", { units: units(Math.max(0, f.available), locale) });
  const summary = {
    stockout_predicted: t("digest.runsOut", {
      left,
      day: f.stockoutP50 ? day(f.stockoutP50, f.asOf, locale) : t("digest.soon"),
      qty,
    }),
    out_of_stock: t("digest.outOfStock", {
      where: v.location ? t("digest.at", { location: esc(v.location.name) }) : "",
      qty,
    }),
    low_stock: t("digest.low", { left, threshold: units(f.threshold, locale), qty }),
    dead_stock: t("digest.dead", { units: units(f.available, locale), days: f.deadStockDays }),
    stock_gap: t("digest.gap", {
      left,
      qty: f.nextArrivalQty ? units(f.nextArrivalQty, locale) : t("digest.theOrder"),
      day: f.nextArrivalOn ? day(f.nextArrivalOn, f.asOf, locale) : t("digest.soon"),
    }),
    missing_data: c.headline.slice(c.name.length + 1),
  }[v.kind];
  const risk =
    v.revenueAtRisk > 0
      ? t("digest.risk", { amount: money(v.revenueAtRisk, v.shop.currency, locale) })
      : "";
  return {
    emoji: SEVERITY_EMOJI[v.severity],
    severity: v.severity,
    name: c.name,
    summary: summary + risk,
    url: c.links.admin,
  };
}

export function digestTitle(d: DigestView): string {
  return tOf(d.shop)(d.mode === "digest_weekly" ? "digest.weekly" : "digest.daily");
}

export function digestSummary(d: DigestView): string {
  const t = tOf(d.shop);
  const total = d.counts.critical + d.counts.warning + d.counts.attention;
  if (total === 0) return t("digest.nothing");
  const parts = (["critical", "warning", "attention"] as const)
    .filter((s) => d.counts[s] > 0)
    .map((s) => t(`digest.severity.${s}`, { count: d.counts[s] }));
  const risk =
    d.totalRevenueAtRisk > 0
      ? t("digest.risk", {
          amount: money(
            d.totalRevenueAtRisk,
            d.shop.currency,
            d.shop.locale ?? intlLocale(d.shop.language ?? "en"),
          ),
        })
      : "";
  return t("digest.count", { count: total, parts: parts.join(", "), risk });
}

export function moreInApp(omitted: number, shop: Pick<ShopView, "language">): string {
  return tOf(shop)("digest.more", { count: omitted });
}

export function digestMore(d: DigestView): string | null {
  return d.omitted > 0 ? moreInApp(d.omitted, d.shop) : null;
}

export function digestWorst(d: DigestView): Severity | null {
  return (["critical", "warning", "attention"] as const).find((s) => d.counts[s] > 0) ?? null;
}

export function digestHome(d: DigestView): string {
  return links({
    shop: d.shop,
    product: { id: "0", title: "" },
    variant: { id: "0", title: "", sku: null },
    test: true,
  }).app;
}
