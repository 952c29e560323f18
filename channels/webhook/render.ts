// The generic webhook's JSON body (for Zapier, n8n, Flow or an ERP). Versioned: fields are only
// ever added within a version; a breaking change means version 2. Raw values, no markup: the
// receiver formats them. Signing is the channel's job (client.ts).
import { alertCopy } from "../../domain/messages/copy.ts";
import type { DigestView } from "../../domain/messages/digest.ts";
import type { AlertView, ShopView } from "../../domain/messages/view.ts";

export const WEBHOOK_PAYLOAD_VERSION = 1;

export type WebhookEventType =
  "alert.opened" | "alert.escalated" | "alert.resolved" | "alert.test" | "digest";

export type WebhookAlert = {
  episodeId: string;
  kind: AlertView["kind"];
  severity: AlertView["severity"];
  previousSeverity: AlertView["severity"] | null;
  step: AlertView["step"];
  headline: string;
  action: string;
  product: { id: string; title: string; vendor: string | null };
  variant: { id: string; title: string; sku: string | null };
  location: { id: string; name: string } | null; // null: all locations
  stock: { available: number; totalAvailable: number; onOrder: number };
  forecast: {
    unitsPerDay: number;
    daysOfCover: number | null;
    stockoutP10: string | null; // YYYY-MM-DD
    stockoutP50: string | null;
    stockoutP90: string | null;
    daysToStockout: number | null;
  };
  reorder: { suggestedQty: number | null; reorderPoint: number | null; leadTimeDays: number };
  revenueAtRisk: { amount: number; currency: string };
  missing: string[];
  links: { admin: string; app: string };
};

export type WebhookPayload = {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  type: WebhookEventType;
  id: string; // stable per (episode, step): receivers dedupe on it
  createdAt: string; // ISO 8601
  test: boolean;
  shop: { domain: string; name: string; currency: string; timezone: string };
  alert?: WebhookAlert;
  digest?: {
    mode: "digest_daily" | "digest_weekly";
    counts: Record<AlertView["severity"], number>;
    totalRevenueAtRisk: { amount: number; currency: string };
    omitted: number;
    alerts: WebhookAlert[];
  };
};

const TYPE: Record<AlertView["step"], WebhookEventType> = {
  open: "alert.opened",
  escalate: "alert.escalated",
  resolve: "alert.resolved",
};

export function webhookShop(s: ShopView): WebhookPayload["shop"] {
  return { domain: s.domain, name: s.name, currency: s.currency, timezone: s.timeZone };
}

export function webhookAlert(v: AlertView): WebhookAlert {
  const c = alertCopy(v);
  const f = v.facts;
  return {
    episodeId: v.episodeId,
    kind: v.kind,
    severity: v.severity,
    previousSeverity: v.previousSeverity ?? null,
    step: v.step,
    headline: c.headline,
    action: c.action,
    product: { id: v.product.id, title: v.product.title, vendor: v.product.vendor ?? null },
    variant: { id: v.variant.id, title: v.variant.title, sku: v.variant.sku },
    location: v.location,
    stock: { available: f.available, totalAvailable: f.totalAvailable, onOrder: f.onOrder },
    forecast: {
      unitsPerDay: round(f.velocity, 3),
      daysOfCover: f.daysOfCover === null ? null : round(f.daysOfCover, 1),
      stockoutP10: f.stockoutP10,
      stockoutP50: f.stockoutP50,
      stockoutP90: f.stockoutP90,
      daysToStockout: f.daysToStockout,
    },
    reorder: {
      suggestedQty: f.suggestedQty,
      reorderPoint: f.reorderPoint === null ? null : Math.ceil(f.reorderPoint),
      leadTimeDays: f.leadTimeDays,
    },
    revenueAtRisk: { amount: round(v.revenueAtRisk, 2), currency: v.shop.currency },
    missing: [...f.missing],
    links: { admin: c.links.admin, app: c.links.app },
  };
}

export function renderAlertWebhook(v: AlertView): WebhookPayload {
  const stepId = v.step === "escalate" ? `escalate:${v.severity}` : v.step;
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    type: v.test ? "alert.test" : TYPE[v.step],
    id: v.test ? `test:${v.at.getTime()}` : `${v.episodeId}:${stepId}`,
    createdAt: v.at.toISOString(),
    test: Boolean(v.test),
    shop: webhookShop(v.shop),
    alert: webhookAlert(v),
  };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

export function renderDigestWebhook(d: DigestView): WebhookPayload {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    type: "digest",
    id: `digest:${d.mode}:${d.at.toISOString()}`,
    createdAt: d.at.toISOString(),
    test: false,
    shop: webhookShop(d.shop),
    digest: {
      mode: d.mode,
      counts: d.counts,
      totalRevenueAtRisk: { amount: d.totalRevenueAtRisk, currency: d.shop.currency },
      omitted: d.omitted,
      alerts: d.items.map(webhookAlert),
    },
  };
}
