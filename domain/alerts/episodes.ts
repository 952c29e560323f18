// Alert episodes as a pure state machine. An episode opens when a key (variant, location, kind)
// enters its condition, escalates once per level when severity worsens, resolves when the
// condition clears, and only then can open again — after a cooldown, against flapping.
// The caller persists the decision; the database makes each (episode, step, channel) unique.
import type { Condition, ConditionStatus } from "./rules.ts";
import { supersedes } from "./rules.ts";
import { isSnoozed } from "../settings.ts";
import {
  escalateStep,
  isWorse,
  keyString,
  type EpisodeKey,
  type Severity,
  type Step,
} from "./types.ts";

export type OpenEpisode = EpisodeKey & {
  id?: string;
  severity: Severity; // current
  peakSeverity: Severity; // highest while open: escalations happen once per level
  openedAt: Date;
  // The open step was released to channels. False while snoozed or muted, so the merchant still
  // hears about it once the snooze ends and the condition still holds.
  openNotified: boolean;
};

export type Suppression = false | "snoozed" | "muted";

export type EpisodeContext = {
  now: Date;
  cooldownMinutes: number;
  notifyOnResolve: boolean;
  suppressed: Suppression;
  // First evaluation of a freshly installed shop: record what is already wrong without sending
  // a flood of notifications (the dashboard shows it).
  baseline?: boolean;
};

// After any decision carrying a severity, store severity = it and peak = max(peak, it).
export type EpisodeDecision =
  | {
      action: "open";
      step: "open";
      severity: Severity;
      notify: boolean;
      openNotified: boolean;
      why: string;
    }
  | { action: "notify_open"; step: "open"; severity: Severity; notify: true; why: string }
  | { action: "escalate"; step: Step; severity: Severity; notify: boolean; why: string }
  | { action: "update"; severity: Severity; why: string }
  | { action: "resolve"; step: "resolve"; notify: boolean; why: string }
  | { action: "none"; why: string };

export function decideEpisode(
  condition: { status: ConditionStatus; severity: Severity | null; why?: string },
  open: OpenEpisode | null,
  lastResolvedAt: Date | null,
  ctx: EpisodeContext,
): EpisodeDecision {
  const { status } = condition;
  const why = condition.why ?? status;
  const severity = condition.severity ?? "attention";

  if (!open) {
    if (status !== "active") return { action: "none", why };
    const coolUntil = lastResolvedAt
      ? lastResolvedAt.getTime() + ctx.cooldownMinutes * 60_000
      : Number.NEGATIVE_INFINITY;
    if (ctx.now.getTime() < coolUntil) return { action: "none", why: "cooldown" };
    const notify = !ctx.suppressed && !ctx.baseline;
    return {
      action: "open",
      step: "open",
      severity,
      notify,
      openNotified: notify || Boolean(ctx.baseline),
      why: ctx.suppressed || (ctx.baseline ? "baseline" : why),
    };
  }

  switch (status) {
    case "hold":
      return { action: "none", why };
    case "off":
      return { action: "resolve", step: "resolve", notify: false, why };
    case "clear":
      return {
        action: "resolve",
        step: "resolve",
        // Only an episode the merchant heard about gets a "resolved" message.
        notify: open.openNotified && ctx.notifyOnResolve && !ctx.suppressed,
        why,
      };
    case "active": {
      if (!open.openNotified && !ctx.suppressed && !ctx.baseline) {
        return { action: "notify_open", step: "open", severity, notify: true, why: "released" };
      }
      if (isWorse(severity, open.peakSeverity)) {
        return {
          action: "escalate",
          step: escalateStep(severity),
          severity,
          notify: open.openNotified && !ctx.suppressed && !ctx.baseline,
          why,
        };
      }
      if (severity !== open.severity) return { action: "update", severity, why };
      return { action: "none", why: "unchanged" };
    }
  }
}

export type PlannedEpisode = {
  key: EpisodeKey;
  condition: Condition | null; // null when an open episode's key was not evaluated (gone)
  open: OpenEpisode | null;
  decision: EpisodeDecision;
};

// Decides every key of one variant at once, so one kind can make another redundant: when
// "out of stock" is active, an open "low stock" closes silently instead of both pinging.
export function planEpisodes(
  conditions: Condition[],
  openEpisodes: OpenEpisode[],
  lastResolvedAt: ReadonlyMap<string, Date>,
  ctx: EpisodeContext,
): PlannedEpisode[] {
  const openByKey = new Map(openEpisodes.map((e) => [keyString(e), e]));
  const covering = conditions.filter(
    (c) => c.status === "active" || (c.status === "hold" && openByKey.has(keyString(c))),
  );
  const seen = new Set<string>();
  const plans: PlannedEpisode[] = [];

  for (const c of conditions) {
    const k = keyString(c);
    seen.add(k);
    const open = openByKey.get(k) ?? null;
    const by = covering.find((h) => supersedes(h, c));
    const effective = by
      ? { status: "off" as const, severity: null, why: `superseded_by_${by.kind}` }
      : c;
    plans.push({
      key: pickKey(c),
      condition: c,
      open,
      decision: decideEpisode(effective, open, lastResolvedAt.get(k) ?? null, ctx),
    });
  }
  for (const e of openEpisodes) {
    if (seen.has(keyString(e))) continue;
    plans.push({
      key: pickKey(e),
      condition: null,
      open: e,
      decision: decideEpisode({ status: "off", severity: null, why: "gone" }, e, null, ctx),
    });
  }
  return plans;
}

function pickKey(k: EpisodeKey): EpisodeKey {
  return { variantId: k.variantId, locationId: k.locationId, kind: k.kind };
}

export function suppressionFor(
  p: { muted: boolean; snoozedUntil: Date | null },
  now: Date,
): Suppression {
  if (p.muted) return "muted";
  if (isSnoozed(p, now)) return "snoozed";
  return false;
}
