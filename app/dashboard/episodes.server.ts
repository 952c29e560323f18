// Alert episodes with what happened to their notifications, per channel: the alerts page, the
// overview's recent alerts and a variant's alert history read the same rows.
import type { Queryable } from "../../infra/db.ts";

export type DeliveryRow = {
  id: string;
  channelId: number;
  channelName: string;
  channelKind: string;
  step: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  lastAttempt: {
    at: string;
    outcome: string;
    responseCode: number | null;
    error: string | null;
  } | null;
};

export type EpisodeRow = {
  id: string;
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  locationId: string;
  locationName: string | null;
  kind: string;
  severity: string;
  peakSeverity: string;
  state: string;
  openedAt: string;
  escalatedAt: string | null;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  revenueAtRisk: number;
  snoozedUntil: string | null;
  muted: boolean;
  deliveries: DeliveryRow[];
};

export type EpisodeFilter = {
  state: "open" | "resolved" | "all";
  kind: string | null;
  variantId?: string;
};

type RawEpisode = {
  id: string;
  variant_id: string;
  product_title: string | null;
  variant_title: string | null;
  sku: string | null;
  location_id: string;
  location_name: string | null;
  kind: string;
  severity: string;
  peak_severity: string;
  state: string;
  opened_at: Date;
  escalated_at: Date | null;
  resolved_at: Date | null;
  acknowledged_at: Date | null;
  revenue_at_risk: string;
  snoozed_until: Date | null;
  muted: boolean | null;
  total?: string;
};

const SELECT = `
  SELECT e.id, e.variant_id, p.title AS product_title, v.title AS variant_title, v.sku,
         e.location_id, l.name AS location_name, e.kind, e.severity, e.peak_severity, e.state,
         e.opened_at, e.escalated_at, e.resolved_at, e.acknowledged_at, e.revenue_at_risk,
         vo.snoozed_until, vo.muted`;
const FROM = `
  FROM alert_episodes e
  LEFT JOIN variants v ON v.shop_id = e.shop_id AND v.id = e.variant_id
  LEFT JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
  LEFT JOIN locations l ON l.shop_id = e.shop_id AND l.id = e.location_id
  LEFT JOIN variant_overrides vo ON vo.shop_id = e.shop_id AND vo.variant_id = e.variant_id`;

export async function listEpisodes(
  db: Queryable,
  shopId: number,
  f: EpisodeFilter,
  limit: number,
  offset: number,
): Promise<{ rows: EpisodeRow[]; total: number }> {
  const params: unknown[] = [shopId];
  const where = ["e.shop_id = $1"];
  if (f.state !== "all") where.push(`e.state = $${params.push(f.state)}`);
  if (f.kind) where.push(`e.kind = $${params.push(f.kind)}`);
  if (f.variantId) where.push(`e.variant_id = $${params.push(f.variantId)}::bigint`);
  const { rows } = await db.query<RawEpisode>(
    `${SELECT}, count(*) OVER () AS total ${FROM}
     WHERE ${where.join(" AND ")}
     ORDER BY e.opened_at DESC, e.id DESC
     LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
    params,
  );
  const episodes = rows.map(toEpisode);
  await attachDeliveries(db, shopId, episodes);
  return { rows: episodes, total: Number(rows[0]?.total ?? 0) };
}

export async function recentEpisodes(db: Queryable, shopId: number, limit: number) {
  return (await listEpisodes(db, shopId, { state: "all", kind: null }, limit, 0)).rows;
}

async function attachDeliveries(db: Queryable, shopId: number, episodes: EpisodeRow[]) {
  if (episodes.length === 0) return;
  const { rows } = await db.query<{
    id: string;
    episode_id: string;
    channel_id: number;
    channel_name: string;
    channel_kind: string;
    step: string;
    status: string;
    attempts: number;
    last_error: string | null;
    sent_at: Date | null;
    at: Date | null;
    outcome: string | null;
    response_code: number | null;
    error: string | null;
  }>(
    `SELECT n.id, n.episode_id, n.channel_id, c.name AS channel_name, c.kind AS channel_kind, n.step,
            n.status, n.attempts, n.last_error, n.sent_at,
            a.attempted_at AS at, a.outcome, a.response_code, a.error
     FROM alert_notifications n
     JOIN channels c ON c.shop_id = n.shop_id AND c.id = n.channel_id
     LEFT JOIN LATERAL (
       SELECT attempted_at, outcome, response_code, error FROM delivery_attempts d
       WHERE d.shop_id = n.shop_id AND d.notification_id = n.id
       ORDER BY attempted_at DESC LIMIT 1
     ) a ON true
     WHERE n.shop_id = $1 AND n.episode_id = ANY($2::bigint[])
     ORDER BY n.created_at, n.id`,
    [shopId, episodes.map((e) => e.id)],
  );
  const byEpisode = new Map(episodes.map((e) => [e.id, e]));
  for (const r of rows) {
    byEpisode.get(r.episode_id)?.deliveries.push({
      id: r.id,
      channelId: r.channel_id,
      channelName: r.channel_name,
      channelKind: r.channel_kind,
      step: r.step,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      sentAt: r.sent_at?.toISOString() ?? null,
      lastAttempt: r.at
        ? {
            at: r.at.toISOString(),
            outcome: r.outcome ?? "",
            responseCode: r.response_code,
            error: r.error,
          }
        : null,
    });
  }
}

function toEpisode(r: RawEpisode): EpisodeRow {
  return {
    id: r.id,
    variantId: r.variant_id,
    productTitle: r.product_title,
    variantTitle: r.variant_title,
    sku: r.sku,
    locationId: r.location_id,
    locationName: r.location_name,
    kind: r.kind,
    severity: r.severity,
    peakSeverity: r.peak_severity,
    state: r.state,
    openedAt: r.opened_at.toISOString(),
    escalatedAt: r.escalated_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    revenueAtRisk: Number(r.revenue_at_risk),
    snoozedUntil: r.snoozed_until?.toISOString() ?? null,
    muted: Boolean(r.muted),
    deliveries: [],
  };
}

// Only this shop's episodes are touched, whatever ids the form carried.
export async function acknowledgeEpisodes(db: Queryable, shopId: number, ids: string[]) {
  const r = await db.query(
    `UPDATE alert_episodes SET acknowledged_at = now()
     WHERE shop_id = $1 AND id = ANY($2::bigint[]) AND acknowledged_at IS NULL`,
    [shopId, ids],
  );
  return r.rowCount ?? 0;
}

export async function episodeVariants(db: Queryable, shopId: number, ids: string[]) {
  const { rows } = await db.query<{ variant_id: string }>(
    `SELECT DISTINCT variant_id FROM alert_episodes WHERE shop_id = $1 AND id = ANY($2::bigint[])`,
    [shopId, ids],
  );
  return rows.map((r) => r.variant_id);
}
