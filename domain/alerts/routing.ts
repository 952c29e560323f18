// Which channels get an episode step, and when. Pure: the caller passes the shop's channels,
// its time zone and the clock; it stores one notification per returned delivery.
import type { ChannelMode } from "../settings.ts";
import { nextDigestAt } from "./digest.ts";
import { quietHoursEnd } from "./quiet-hours.ts";
import { atLeast, type Severity, type Step } from "./types.ts";

export type ChannelRoute = {
  id: number;
  kind: string; // channels/registry.ts: routing treats every kind alike
  enabled: boolean;
  healthy: boolean;
  mode: ChannelMode;
  digestHour: number;
  digestWeekday: number;
  quietStart: number | null;
  quietEnd: number | null;
  minSeverity: Severity;
  fallbackChannelId: number | null;
};

export type RouteRequest = {
  step: Step;
  severity: Severity;
  channels: readonly ChannelRoute[];
  timeZone: string;
  now: Date;
  // For "resolve": the channels that were given this episode's open or an escalation.
  notifiedChannelIds?: readonly number[];
};

export type Delivery = {
  channelId: number;
  via: "instant" | "digest";
  notBefore: Date;
  reason: "now" | "quiet_hours" | "digest";
  fallbackFor?: number; // the unhealthy channel this one stands in for
};

export function routeStep(req: RouteRequest): Delivery[] {
  const byId = new Map(req.channels.map((c) => [c.id, c]));
  const notified = new Set(req.notifiedChannelIds ?? []);
  const out: Delivery[] = [];
  const taken = new Set<number>();

  for (const ch of req.channels) {
    if (!ch.enabled) continue;
    if (req.step === "resolve") {
      // "Resolved" only makes sense where the alert was seen; a digest simply stops listing it.
      if (!notified.has(ch.id) || ch.mode !== "instant") continue;
    } else if (!atLeast(req.severity, ch.minSeverity)) continue;

    let target = ch;
    let fallbackFor: number | undefined;
    if (!ch.healthy) {
      const fb = usableFallback(ch, byId);
      if (!fb) continue;
      target = fb;
      fallbackFor = ch.id;
    }
    if (taken.has(target.id)) continue;
    if (req.step === "resolve" && target.mode !== "instant") continue;
    taken.add(target.id);
    out.push({
      ...schedule(target, req.now, req.timeZone),
      ...(fallbackFor ? { fallbackFor } : {}),
    });
  }
  return out;
}

// One level only: a fallback's own fallback is not followed, so a misconfigured pair cannot loop.
export function usableFallback(
  ch: ChannelRoute,
  byId: ReadonlyMap<number, ChannelRoute>,
): ChannelRoute | null {
  if (ch.fallbackChannelId === null || ch.fallbackChannelId === ch.id) return null;
  const fb = byId.get(ch.fallbackChannelId);
  return fb && fb.enabled && fb.healthy ? fb : null;
}

// When a delivery to this channel may go out. Digests ignore quiet hours: the merchant picked
// the digest hour.
export function schedule(
  ch: ChannelRoute,
  now: Date,
  timeZone: string,
): Omit<Delivery, "fallbackFor"> {
  if (ch.mode === "digest_daily" || ch.mode === "digest_weekly") {
    const notBefore = nextDigestAt(now, timeZone, {
      mode: ch.mode,
      hour: ch.digestHour,
      weekday: ch.digestWeekday,
    });
    return { channelId: ch.id, via: "digest", notBefore, reason: "digest" };
  }
  const quietEnd = quietHoursEnd(now, timeZone, { start: ch.quietStart, end: ch.quietEnd });
  return quietEnd
    ? { channelId: ch.id, via: "instant", notBefore: quietEnd, reason: "quiet_hours" }
    : { channelId: ch.id, via: "instant", notBefore: now, reason: "now" };
}
