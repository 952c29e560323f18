// Assembles what a message says from Postgres at send time: the notification's step, its
// episode's facts, the catalog's current names and the shop. Nothing of it travels in the job.
import type { Queryable } from "../../infra/db.ts";
import type { AlertKind, Severity, Step } from "../../domain/alerts/types.ts";
import { messageStep, type AlertView, type ShopView } from "../../domain/messages/index.ts";
import { intlLocale, isLanguage, languageOf } from "../../i18n/index.ts";
import { parseDetails } from "../rules/details.ts";

export type NotificationRow = {
  id: string;
  shop_id: number;
  episode_id: string;
  channel_id: number;
  step: Step;
  status: string;
  not_before: Date | null;
  fallback_for: number | null;
  attempts: number;
  created_at: Date;
  episode_state: "open" | "resolved";
  kind: AlertKind;
  severity: Severity;
  peak_severity: Severity;
  location_id: string;
  revenue_at_risk: number;
  details: unknown;
  opened_at: Date;
  resolved_at: Date | null;
  variant_id: string;
  variant_title: string | null;
  sku: string | null;
  product_id: string | null;
  product_title: string | null;
  vendor: string | null;
  location_name: string | null;
};

export async function loadNotifications(
  db: Queryable,
  shopId: number,
  ids: string[],
): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT n.id, n.shop_id, n.episode_id, n.channel_id, n.step, n.status, n.not_before, n.fallback_for,
            n.attempts, n.created_at,
            e.state AS episode_state, e.kind, e.severity, e.peak_severity, e.location_id,
            e.revenue_at_risk::float8 AS revenue_at_risk, e.details, e.opened_at, e.resolved_at,
            e.variant_id, v.title AS variant_title, v.sku, p.id AS product_id, p.title AS product_title,
            p.vendor, loc.name AS location_name
     FROM alert_notifications n
     JOIN alert_episodes e ON e.shop_id = n.shop_id AND e.id = n.episode_id
     LEFT JOIN variants v ON v.shop_id = e.shop_id AND v.id = e.variant_id
     LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     LEFT JOIN locations loc ON loc.shop_id = e.shop_id AND loc.id = e.location_id AND e.location_id <> 0
     WHERE n.shop_id = $1 AND n.id = ANY($2::bigint[])`,
    [shopId, ids],
  );
  return rows;
}

export type ShopRow = {
  id: number;
  domain: string;
  name: string | null;
  timezone: string;
  currency: string;
  locale: string;
  status: string;
};

export async function loadShop(db: Queryable, shopId: number): Promise<ShopRow | null> {
  const { rows } = await db.query<ShopRow>(
    `SELECT id, domain, name, timezone, currency, locale, status FROM shops WHERE id = $1`,
    [shopId],
  );
  return rows[0] ?? null;
}

// `channelLanguage`: the channel's own language for its messages, else the shop's (its primary
// locale in Shopify). Numbers, money and dates follow the shop's locale when it is of the same
// language (es-MX), else the language's neutral one (i18n/index.ts intlLocale).
export function shopView(s: ShopRow, appHandle: string, channelLanguage?: string | null): ShopView {
  const language = isLanguage(channelLanguage) ? channelLanguage : languageOf(s.locale);
  return {
    name: s.name?.trim() || s.domain.replace(/\.myshopify\.com$/i, ""),
    domain: s.domain,
    currency: s.currency,
    timeZone: s.timezone,
    locale: intlLocale(language, s.locale),
    language,
    appHandle,
  };
}

// The message for one notification, or null when its episode no longer has the facts to say
// anything (a row written before details existed).
export function alertViewOf(n: NotificationRow, shop: ShopView): AlertView | null {
  const details = parseDetails(n.details);
  if (!details) return null;
  const record = details.steps[n.step];
  let severity: Severity = record?.severity ?? n.severity;
  if (n.step.startsWith("escalate:")) severity = n.step.slice("escalate:".length) as Severity;
  const at =
    record?.at !== undefined
      ? new Date(record.at)
      : n.step === "resolve"
        ? (n.resolved_at ?? n.created_at)
        : n.step === "open"
          ? n.opened_at
          : n.created_at;
  return {
    shop,
    episodeId: n.episode_id,
    step: messageStep(n.step),
    kind: n.kind,
    severity,
    ...(record?.from ? { previousSeverity: record.from } : {}),
    product: {
      id: n.product_id ?? "0",
      title: n.product_title ?? "Deleted product",
      vendor: n.vendor,
    },
    variant: { id: n.variant_id, title: n.variant_title ?? "", sku: n.sku },
    location:
      n.location_id === "0"
        ? null
        : { id: n.location_id, name: n.location_name ?? `Location ${n.location_id}` },
    facts: details.facts,
    revenueAtRisk: n.revenue_at_risk,
    at,
  };
}
