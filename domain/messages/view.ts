// Everything a message needs about one alert step, assembled by the worker from the episode,
// the catalog and the forecast. Renderers read only this.
import type { AlertFacts } from "../alerts/rules.ts";
import type { AlertKind, Severity, Step } from "../alerts/types.ts";
import { translator, type Language, type T } from "../../i18n/index.ts";

export type ShopView = {
  name: string;
  domain: string; // acme.myshopify.com
  currency: string; // ISO 4217
  timeZone: string;
  locale?: string; // for numbers, money and dates; default: the language's (i18n intlLocale)
  language?: Language; // of the words; default en
  appHandle?: string; // the app's handle in admin URLs; default "stockout-radar"
};

export type MessageStep = "open" | "escalate" | "resolve";

export type AlertView = {
  shop: ShopView;
  episodeId: string;
  step: MessageStep;
  kind: AlertKind;
  severity: Severity;
  previousSeverity?: Severity; // set on escalations
  product: { id: string; title: string; vendor?: string | null };
  variant: { id: string; title: string; sku: string | null };
  location: { id: string; name: string } | null; // null: all locations
  facts: AlertFacts;
  revenueAtRisk: number;
  at: Date; // when the step happened
  test?: boolean; // a "send test alert" message
};

export function messageStep(step: Step): MessageStep {
  return step === "open" || step === "resolve" ? step : "escalate";
}

// Shopify names single-variant products' only variant "Default Title".
export function displayName(v: Pick<AlertView, "product" | "variant">, tr?: T): string {
  const p = v.product.title.trim() || (tr ? tr("alert.untitled") : "Untitled product");
  const t = v.variant.title.trim();
  return t && t !== "Default Title" ? `${p} – ${t}` : p;
}

export function storeHandle(domain: string): string {
  return domain.replace(/\.myshopify\.com$/i, "");
}

export type Links = { admin: string; app: string; settings: string };

export function links(v: Pick<AlertView, "shop" | "product" | "variant" | "test">): Links {
  const store = `https://admin.shopify.com/store/${encodeURIComponent(storeHandle(v.shop.domain))}`;
  const app = `${store}/apps/${encodeURIComponent(v.shop.appHandle ?? "stockout-radar")}`;
  // A test alert's sample variant does not exist: point at real pages instead.
  if (v.test)
    return { admin: `${store}/products`, app: `${app}/app`, settings: `${app}/app/settings` };
  const pid = encodeURIComponent(v.product.id);
  const vid = encodeURIComponent(v.variant.id);
  return {
    admin: `${store}/products/${pid}/variants/${vid}`,
    app: `${app}/app/variants/${vid}`,
    settings: `${app}/app/settings`,
  };
}

// The words of a message about this shop: the channel's language (English by default).
export function tOf(shop: Pick<ShopView, "language">): T {
  return translator(shop.language ?? "en");
}
