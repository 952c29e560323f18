// The overview's numbers: what is tracked, what is at risk, what ran out, what alerts went where,
// and whether every channel still delivers.
import type { Queryable } from "../../infra/db.ts";
import {
  atRiskRows,
  atRiskSummary,
  loadBounds,
  type AtRiskRow,
  type AtRiskSummary,
} from "./at-risk.server.ts";
import { DEFAULT_QUERY } from "./inventory-query.ts";
import type { ShopContext } from "./shop.server.ts";
import { recentEpisodes, type EpisodeRow } from "./episodes.server.ts";

export type ChannelHealth = {
  id: number;
  name: string;
  kind: string;
  enabled: boolean;
  healthy: boolean;
  unhealthyReason: string | null;
  lastAttemptAt: string | null;
  lastOutcome: string | null;
  failures24h: number;
  sent24h: number;
};

export type Overview = {
  tracked: number;
  outOfStock: number;
  summary: AtRiskSummary;
  top: AtRiskRow[];
  alerts: EpisodeRow[];
  channels: ChannelHealth[];
};

export async function loadOverview(db: Queryable, shop: ShopContext): Promise<Overview> {
  // The summary and the top rows share one read of the bounds, still in parallel with the rest.
  const bounds = loadBounds(db, shop);
  const [counts, summary, top, alerts, channels] = await Promise.all([
    trackedCounts(db, shop.id),
    bounds.then((b) => atRiskSummary(db, shop, b)),
    bounds.then((b) =>
      atRiskRows(db, shop, DEFAULT_QUERY, { sort: "revenue", dir: "desc" }, 5, 0, false, b),
    ),
    recentEpisodes(db, shop.id, 5),
    channelHealth(db, shop.id),
  ]);
  return { ...counts, summary, top: top.rows, alerts, channels };
}

async function trackedCounts(db: Queryable, shopId: number) {
  // Stock comes from the live levels (webhooks apply them at once), not the last forecast.
  const { rows } = await db.query<{ tracked: string; oos: string }>(
    `SELECT count(*) AS tracked, count(*) FILTER (WHERE COALESCE(l.total, 0) <= 0) AS oos
     FROM variants v
     LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
     LEFT JOIN LATERAL (
       SELECT sum(available) AS total FROM inventory_levels l
       WHERE l.shop_id = v.shop_id AND l.inventory_item_id = v.inventory_item_id
     ) l ON true
     WHERE v.shop_id = $1 AND v.deleted_at IS NULL AND COALESCE(i.tracked, true)`,
    [shopId],
  );
  return { tracked: Number(rows[0]?.tracked ?? 0), outOfStock: Number(rows[0]?.oos ?? 0) };
}

export async function channelHealth(db: Queryable, shopId: number): Promise<ChannelHealth[]> {
  const { rows } = await db.query<{
    id: number;
    name: string;
    kind: string;
    enabled: boolean;
    healthy: boolean;
    unhealthy_reason: string | null;
    last_at: Date | null;
    last_outcome: string | null;
    failures: string;
    sent: string;
  }>(
    `SELECT c.id, c.name, c.kind, c.enabled, c.healthy, c.unhealthy_reason,
            last.attempted_at AS last_at, last.outcome AS last_outcome,
            COALESCE(day.failures, 0) AS failures, COALESCE(day.sent, 0) AS sent
     FROM channels c
     LEFT JOIN LATERAL (
       SELECT attempted_at, outcome FROM delivery_attempts a
       WHERE a.shop_id = c.shop_id AND a.channel_id = c.id
       ORDER BY attempted_at DESC LIMIT 1
     ) last ON true
     LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE outcome IN ('failed', 'retry', 'breaker_open')) AS failures,
              count(*) FILTER (WHERE outcome = 'sent') AS sent
       FROM delivery_attempts a
       WHERE a.shop_id = c.shop_id AND a.channel_id = c.id AND a.attempted_at > now() - interval '24 hours'
     ) day ON true
     WHERE c.shop_id = $1
     ORDER BY c.name, c.id`,
    [shopId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    enabled: r.enabled,
    healthy: r.healthy,
    unhealthyReason: r.unhealthy_reason,
    lastAttemptAt: r.last_at?.toISOString() ?? null,
    lastOutcome: r.last_outcome,
    failures24h: Number(r.failures),
    sent24h: Number(r.sent),
  }));
}
