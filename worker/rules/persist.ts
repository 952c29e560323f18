// Writes one batch's episode decisions and the notifications they cause, inside the caller's
// transaction. The database decides every race between workers:
// - opening inserts ON CONFLICT against the partial unique index "one open episode per key";
//   a key another worker opened first is re-decided against that episode (it may escalate);
// - every other change is a compare-and-set UPDATE (still open, peak unchanged, not yet released),
//   so of two workers taking the same step only one gets a row back;
// - notifications are INSERT … ON CONFLICT (episode, step, channel) DO NOTHING RETURNING: the rows
//   that come back are exactly the ones this transaction created, and only those are enqueued.
import type { Tx } from "../../infra/db.ts";
import {
  decideEpisode,
  isWorse,
  keyString,
  routeStep,
  type ChannelRoute,
  type Condition,
  type EpisodeContext,
  type EpisodeDecision,
  type EpisodeKey,
  type PlannedEpisode,
  type Severity,
  type Step,
} from "../../domain/alerts/index.ts";
import type { EpisodeDetails } from "./details.ts";
import { toEpisode, type EpisodeRow, type StoredEpisode } from "./snapshot.ts";

// One variant's decisions; their `open` episodes are the StoredEpisode rows that were planned against.
export type VariantPlan = { plans: PlannedEpisode[]; ctx: EpisodeContext };

export type CreatedNotification = {
  id: string;
  channelId: number;
  status: "pending" | "digest";
  notBefore: Date;
};

export type PersistResult = {
  created: CreatedNotification[];
  transitions: Record<string, number>;
};

type Update = {
  id: string;
  action: "notify_open" | "escalate" | "update" | "refresh";
  severity: Severity;
  peak: Severity;
  expectPeak: Severity;
  stepInc: number;
  revenue: number;
  details: Partial<EpisodeDetails>;
  notify: Step | null;
};

type Resolve = {
  id: string;
  details: Partial<EpisodeDetails>;
  notify: boolean;
  severity: Severity;
};

type NotifyStep = { episodeId: string; step: Step; severity: Severity; resolve: boolean };

export async function persistPlans(
  tx: Tx,
  shopId: number,
  timeZone: string,
  batch: VariantPlan[],
  channels: ChannelRoute[],
  now: Date,
): Promise<PersistResult> {
  const at = now.toISOString();
  const transitions: Record<string, number> = {};
  const count = (action: string, n = 1) => (transitions[action] = (transitions[action] ?? 0) + n);
  const steps: NotifyStep[] = [];
  const updates: Update[] = [];
  const resolves: Resolve[] = [];
  const opens: {
    key: EpisodeKey;
    c: Condition;
    d: Extract<EpisodeDecision, { action: "open" }>;
    ctx: EpisodeContext;
  }[] = [];

  const collect = (
    d: EpisodeDecision,
    c: Condition | null,
    open: StoredEpisode | null,
    key: EpisodeKey,
    ctx: EpisodeContext,
  ) => {
    if (d.action === "open") {
      if (c) opens.push({ key, c, d, ctx });
      return;
    }
    if (!open) return;
    const facts = c ? { facts: c.facts, why: c.why } : {};
    const revenue = c?.revenueAtRisk ?? 0;
    switch (d.action) {
      case "notify_open": {
        const peak = isWorse(d.severity, open.peakSeverity) ? d.severity : open.peakSeverity;
        updates.push({
          id: open.id,
          action: "notify_open",
          severity: d.severity,
          peak,
          expectPeak: open.peakSeverity,
          stepInc: 0,
          revenue,
          details: { ...facts, steps: { open: { severity: d.severity, at } } },
          notify: "open",
        });
        return;
      }
      case "escalate":
        updates.push({
          id: open.id,
          action: "escalate",
          severity: d.severity,
          peak: d.severity,
          expectPeak: open.peakSeverity,
          stepInc: 1,
          revenue,
          details: {
            ...facts,
            steps: { [d.step]: { severity: d.severity, at, from: open.peakSeverity } },
          },
          notify: d.notify ? d.step : null,
        });
        return;
      case "update":
        updates.push({
          id: open.id,
          action: "update",
          severity: d.severity,
          peak: open.peakSeverity,
          expectPeak: open.peakSeverity,
          stepInc: 0,
          revenue,
          details: facts,
          notify: null,
        });
        return;
      case "resolve":
        resolves.push({
          id: open.id,
          details: { ...facts, steps: { resolve: { severity: open.severity, at } } },
          notify: d.notify,
          severity: open.severity,
        });
        return;
      case "none":
        // Keep the facts fresh for messages still waiting (quiet hours, digests) and the dashboard.
        if (c && c.status !== "off" && changed(open, c))
          updates.push({
            id: open.id,
            action: "refresh",
            severity: open.severity,
            peak: open.peakSeverity,
            expectPeak: open.peakSeverity,
            stepInc: 0,
            revenue: c.revenueAtRisk,
            details: facts,
            notify: null,
          });
    }
  };

  for (const v of batch) {
    for (const p of v.plans) {
      collect(p.decision, p.condition, p.open as StoredEpisode | null, p.key, v.ctx);
    }
  }

  // ── Opens ──
  if (opens.length > 0) {
    const inserted = await tx.query<{
      id: string;
      variant_id: string;
      location_id: string;
      kind: string;
    }>(
      `INSERT INTO alert_episodes (shop_id, variant_id, location_id, kind, severity, peak_severity,
                                   open_notified, state, step, opened_at, revenue_at_risk, details)
       SELECT $1, x.variant_id, x.location_id, x.kind, x.severity, x.severity, x.open_notified,
              'open', 0, $2, x.revenue, x.details
       FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::boolean[], $8::numeric[], $9::jsonb[])
            AS x(variant_id, location_id, kind, severity, open_notified, revenue, details)
       ON CONFLICT (shop_id, variant_id, location_id, kind) WHERE state = 'open' DO NOTHING
       RETURNING id, variant_id, location_id, kind`,
      [
        shopId,
        now,
        opens.map((o) => o.key.variantId),
        opens.map((o) => o.key.locationId),
        opens.map((o) => o.key.kind),
        opens.map((o) => o.d.severity),
        opens.map((o) => o.d.openNotified),
        opens.map((o) => o.c.revenueAtRisk.toFixed(2)),
        opens.map((o) =>
          JSON.stringify({
            facts: o.c.facts,
            why: o.c.why,
            steps: { open: { severity: o.d.severity, at } },
          } satisfies EpisodeDetails),
        ),
      ],
    );
    const ids = new Map(
      inserted.rows.map((r) => [
        keyString({
          variantId: r.variant_id,
          locationId: r.location_id,
          kind: r.kind as EpisodeKey["kind"],
        }),
        r.id,
      ]),
    );
    count("open", inserted.rows.length);
    const lost = opens.filter((o) => !ids.has(keyString(o.key)));
    for (const o of opens) {
      const id = ids.get(keyString(o.key));
      if (id && o.d.notify)
        steps.push({ episodeId: id, step: "open", severity: o.d.severity, resolve: false });
    }
    // Another worker opened these keys first: decide again against what it wrote.
    if (lost.length > 0) {
      const theirs = await tx.query<Omit<EpisodeRow, "details">>(
        `SELECT e.id, e.variant_id, e.location_id, e.kind, e.severity, e.peak_severity, e.opened_at, e.open_notified
         FROM alert_episodes e
         JOIN unnest($2::bigint[], $3::bigint[], $4::text[]) AS k(variant_id, location_id, kind)
           ON e.variant_id = k.variant_id AND e.location_id = k.location_id AND e.kind = k.kind
         WHERE e.shop_id = $1 AND e.state = 'open'`,
        [
          shopId,
          lost.map((o) => o.key.variantId),
          lost.map((o) => o.key.locationId),
          lost.map((o) => o.key.kind),
        ],
      );
      const byKey = new Map(
        theirs.rows.map((r) => [
          keyString({ variantId: r.variant_id, locationId: r.location_id, kind: r.kind }),
          r,
        ]),
      );
      count("open_lost_race", lost.length);
      for (const o of lost) {
        const r = byKey.get(keyString(o.key));
        if (!r) continue; // opened and already resolved meanwhile: the next evaluation decides
        const existing = toEpisode({ ...r, details: null });
        collect(decideEpisode(o.c, existing, null, o.ctx), o.c, existing, o.key, o.ctx);
      }
    }
  }

  // ── Changes to open episodes (compare-and-set) ──
  if (updates.length > 0) {
    const done = await tx.query<{ id: string }>(
      `UPDATE alert_episodes AS e SET
         severity = x.severity,
         peak_severity = x.peak,
         open_notified = e.open_notified OR x.action = 'notify_open',
         step = e.step + x.step_inc,
         escalated_at = CASE WHEN x.action = 'escalate' THEN $2 ELSE e.escalated_at END,
         revenue_at_risk = x.revenue,
         details = COALESCE(e.details, '{}'::jsonb) || (x.details - 'steps') || jsonb_build_object(
           'steps', COALESCE(e.details -> 'steps', '{}'::jsonb) || COALESCE(x.details -> 'steps', '{}'::jsonb))
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::numeric[], $10::jsonb[])
            AS x(id, action, severity, peak, expect_peak, step_inc, revenue, details)
       WHERE e.shop_id = $1 AND e.id = x.id AND e.state = 'open'
         AND (x.action <> 'escalate' OR e.peak_severity = x.expect_peak)
         AND (x.action <> 'notify_open' OR NOT e.open_notified)
       RETURNING e.id`,
      [
        shopId,
        now,
        updates.map((u) => u.id),
        updates.map((u) => u.action),
        updates.map((u) => u.severity),
        updates.map((u) => u.peak),
        updates.map((u) => u.expectPeak),
        updates.map((u) => u.stepInc),
        updates.map((u) => u.revenue.toFixed(2)),
        updates.map((u) => JSON.stringify(u.details)),
      ],
    );
    const won = new Set(done.rows.map((r) => r.id));
    for (const u of updates) {
      if (!won.has(u.id)) continue;
      count(u.action);
      if (u.notify)
        steps.push({ episodeId: u.id, step: u.notify, severity: u.severity, resolve: false });
    }
  }

  // ── Resolutions ──
  if (resolves.length > 0) {
    const done = await tx.query<{ id: string }>(
      `UPDATE alert_episodes AS e SET
         state = 'resolved', resolved_at = $2, step = e.step + 1, revenue_at_risk = 0,
         details = COALESCE(e.details, '{}'::jsonb) || (x.details - 'steps') || jsonb_build_object(
           'steps', COALESCE(e.details -> 'steps', '{}'::jsonb) || COALESCE(x.details -> 'steps', '{}'::jsonb))
       FROM unnest($3::bigint[], $4::jsonb[]) AS x(id, details)
       WHERE e.shop_id = $1 AND e.id = x.id AND e.state = 'open'
       RETURNING e.id`,
      [shopId, now, resolves.map((r) => r.id), resolves.map((r) => JSON.stringify(r.details))],
    );
    const won = new Set(done.rows.map((r) => r.id));
    count("resolve", won.size);
    for (const r of resolves)
      if (won.has(r.id) && r.notify)
        steps.push({ episodeId: r.id, step: "resolve", severity: r.severity, resolve: true });
  }

  return {
    created: await createNotifications(tx, shopId, timeZone, steps, channels, now),
    transitions,
  };
}

async function createNotifications(
  tx: Tx,
  shopId: number,
  timeZone: string,
  steps: NotifyStep[],
  channels: ChannelRoute[],
  now: Date,
): Promise<CreatedNotification[]> {
  if (steps.length === 0 || channels.length === 0) return [];
  // "Resolved" goes only where the alert was actually delivered.
  const resolving = steps.filter((s) => s.resolve).map((s) => s.episodeId);
  const notified = new Map<string, number[]>();
  if (resolving.length > 0) {
    const { rows } = await tx.query<{ episode_id: string; channels: number[] }>(
      `SELECT episode_id, array_agg(DISTINCT channel_id) AS channels FROM alert_notifications
       WHERE shop_id = $1 AND episode_id = ANY($2::bigint[]) AND status = 'sent' AND step <> 'resolve'
       GROUP BY episode_id`,
      [shopId, resolving],
    );
    for (const r of rows) notified.set(r.episode_id, r.channels);
  }
  const rows: {
    episodeId: string;
    channelId: number;
    step: Step;
    status: "pending" | "digest";
    notBefore: Date;
    fallbackFor: number | null;
  }[] = [];
  for (const s of steps) {
    const deliveries = routeStep({
      step: s.step,
      severity: s.severity,
      channels,
      timeZone,
      now,
      notifiedChannelIds: notified.get(s.episodeId) ?? [],
    });
    for (const d of deliveries)
      rows.push({
        episodeId: s.episodeId,
        channelId: d.channelId,
        step: s.step,
        status: d.via === "digest" ? "digest" : "pending",
        notBefore: d.notBefore,
        fallbackFor: d.fallbackFor ?? null,
      });
  }
  if (rows.length === 0) return [];
  const { rows: created } = await tx.query<{
    id: string;
    channel_id: number;
    status: "pending" | "digest";
    not_before: Date;
  }>(
    `INSERT INTO alert_notifications (shop_id, episode_id, channel_id, step, status, not_before, fallback_for)
     SELECT $1, x.episode_id, x.channel_id, x.step, x.status, x.not_before, x.fallback_for
     FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[])
          AS x(episode_id, channel_id, step, status, not_before, fallback_for)
     ON CONFLICT (episode_id, step, channel_id) DO NOTHING
     RETURNING id, channel_id, status, not_before`,
    [
      shopId,
      rows.map((r) => r.episodeId),
      rows.map((r) => r.channelId),
      rows.map((r) => r.step),
      rows.map((r) => r.status),
      rows.map((r) => r.notBefore),
      rows.map((r) => r.fallbackFor),
    ],
  );
  return created.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    status: r.status,
    notBefore: r.not_before,
  }));
}

// Whether a batch has anything to write: most evaluations change nothing, and then no write
// transaction is opened at all.
export function needsWrite(batch: VariantPlan[]): boolean {
  return batch.some((v) =>
    v.plans.some(
      (p) =>
        p.decision.action !== "none" ||
        (p.open !== null &&
          p.condition !== null &&
          p.condition.status !== "off" &&
          changed(p.open as StoredEpisode, p.condition)),
    ),
  );
}

function changed(open: StoredEpisode, c: Condition): boolean {
  if (!open.details) return true;
  return stable(open.details.facts) !== stable(c.facts);
}

// jsonb reorders keys: compare facts independently of key order.
function stable(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(stable).join(",")}]`;
  if (x && typeof x === "object")
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${k}:${stable((x as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(x ?? null);
}
