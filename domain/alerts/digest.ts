// Digests: when the next one is due, and what goes in it.
import { addDays } from "../forecast/dates.ts";
import { compareByRisk, type Rankable } from "./revenue.ts";
import type { Severity } from "./types.ts";
import { instantAt, localTime, weekdayOf } from "./zoned-time.ts";

export type DigestSchedule = {
  mode: "digest_daily" | "digest_weekly";
  hour: number; // local hour, 0–23
  weekday: number; // 0 = Sunday … 6 = Saturday (weekly only)
};

// The first digest instant strictly after `after`, at the local hour in the shop's time zone.
// DST-safe: the instant is computed for each calendar day, so "08:00" stays 08:00 local across
// a transition; an hour skipped by spring-forward moves to the next existing time.
export function nextDigestAt(after: Date, timeZone: string, s: DigestSchedule): Date {
  const today = localTime(after, timeZone).date;
  for (let d = 0; d <= 8; d++) {
    const date = addDays(today, d);
    if (s.mode === "digest_weekly" && weekdayOf(date) !== s.weekday) continue;
    const at = instantAt(date, s.hour * 60, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error("no digest instant within 8 days"); // unreachable for valid schedules
}

// Due when a scheduled instant passed since the last digest (or since the channel was set up).
export function digestDue(now: Date, since: Date, timeZone: string, s: DigestSchedule): boolean {
  return nextDigestAt(since, timeZone, s).getTime() <= now.getTime();
}

export type DigestEntry = Rankable & {
  episodeId: string;
  queuedAt: Date;
  stillOpen: boolean; // false when the episode resolved before the digest went out
};

export type Digest<T extends DigestEntry> = {
  items: T[]; // most revenue at risk first, at most `limit`
  omitted: number;
  counts: Record<Severity, number>;
  totalRevenueAtRisk: number;
};

// One line per episode (its latest state), only episodes still open, ranked by revenue at risk.
export function buildDigest<T extends DigestEntry>(entries: T[], limit = 20): Digest<T> {
  const latest = new Map<string, T>();
  for (const e of entries) {
    const prev = latest.get(e.episodeId);
    if (!prev || e.queuedAt.getTime() >= prev.queuedAt.getTime()) latest.set(e.episodeId, e);
  }
  const open = [...latest.values()].filter((e) => e.stillOpen).sort(compareByRisk);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, attention: 0 };
  let total = 0;
  for (const e of open) {
    counts[e.severity]++;
    total += e.revenueAtRisk;
  }
  return {
    items: open.slice(0, limit),
    omitted: Math.max(0, open.length - limit),
    counts,
    totalRevenueAtRisk: Math.round(total * 100) / 100,
  };
}
