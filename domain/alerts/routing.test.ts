import { describe, expect, it } from "vitest";
import { buildDigest, digestDue, nextDigestAt } from "./digest.ts";
import { quietHoursEnd } from "./quiet-hours.ts";
import { routeStep, type ChannelRoute } from "./routing.ts";
import { instantAt, localTime } from "./zoned-time.ts";

const NY = "America/New_York";
const BERLIN = "Europe/Berlin";
const at = (iso: string) => new Date(iso);
const hm = (h: number, m = 0) => h * 60 + m;

function channel(over: Partial<ChannelRoute> = {}): ChannelRoute {
  return {
    id: 1,
    kind: "discord",
    enabled: true,
    healthy: true,
    mode: "instant",
    digestHour: 8,
    digestWeekday: 1,
    quietStart: null,
    quietEnd: null,
    minSeverity: "attention",
    fallbackChannelId: null,
    ...over,
  };
}

describe("zoned time", () => {
  it("maps local wall-clock times to instants across DST", () => {
    // New York springs forward at 02:00 on 2026-03-08: 02:30 does not exist → 03:30 EDT.
    expect(instantAt("2026-03-08", hm(2, 30), NY).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Falls back at 02:00 on 2026-11-01: 01:30 happens twice → the first (EDT).
    expect(instantAt("2026-11-01", hm(1, 30), NY).toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(instantAt("2026-03-29", hm(8), BERLIN).toISOString()).toBe("2026-03-29T06:00:00.000Z");
    expect(instantAt("2026-03-28", hm(8), BERLIN).toISOString()).toBe("2026-03-28T07:00:00.000Z");
    expect(localTime(at("2026-11-01T06:30:00Z"), NY)).toEqual({
      date: "2026-11-01",
      minutes: hm(1, 30),
      weekday: 0,
    });
  });
});

describe("quiet hours", () => {
  const q = { start: hm(22), end: hm(7) };

  it("defers to the end of an overnight window in the shop's zone", () => {
    // 23:30 EST on Nov 20 → 07:00 EST on Nov 21.
    expect(quietHoursEnd(at("2026-11-21T04:30:00Z"), NY, q)?.toISOString()).toBe(
      "2026-11-21T12:00:00.000Z",
    );
    // 05:00 EST, after midnight → same morning.
    expect(quietHoursEnd(at("2026-11-21T10:00:00Z"), NY, q)?.toISOString()).toBe(
      "2026-11-21T12:00:00.000Z",
    );
    // 12:00 EST: outside.
    expect(quietHoursEnd(at("2026-11-21T17:00:00Z"), NY, q)).toBe(null);
    // Boundaries: the start is quiet, the end is not.
    expect(quietHoursEnd(at("2026-11-22T03:00:00Z"), NY, q)).not.toBe(null);
    expect(quietHoursEnd(at("2026-11-21T12:00:00Z"), NY, q)).toBe(null);
  });

  it("ends at 07:00 local on the night the clocks change", () => {
    // Night of 2026-03-07 → 08 in New York: 23:00 EST, quiet ends 07:00 EDT = 11:00Z.
    expect(quietHoursEnd(at("2026-03-08T04:00:00Z"), NY, q)?.toISOString()).toBe(
      "2026-03-08T11:00:00.000Z",
    );
    // Night of 2026-10-31 → 11-01: 23:00 EDT, quiet ends 07:00 EST = 12:00Z.
    expect(quietHoursEnd(at("2026-11-01T03:00:00Z"), NY, q)?.toISOString()).toBe(
      "2026-11-01T12:00:00.000Z",
    );
    // Berlin, 2026-10-25 (CEST → CET): 01:00 CEST = 23:00Z the day before; ends 07:00 CET = 06:00Z.
    expect(quietHoursEnd(at("2026-10-24T23:00:00Z"), BERLIN, q)?.toISOString()).toBe(
      "2026-10-25T06:00:00.000Z",
    );
  });

  it("handles a same-day window", () => {
    const lunch = { start: hm(12), end: hm(13, 30) };
    expect(quietHoursEnd(at("2026-06-10T10:15:00Z"), BERLIN, lunch)?.toISOString()).toBe(
      "2026-06-10T11:30:00.000Z",
    );
    expect(quietHoursEnd(at("2026-06-10T12:00:00Z"), BERLIN, lunch)).toBe(null);
    expect(quietHoursEnd(at("2026-06-10T10:15:00Z"), BERLIN, { start: null, end: null })).toBe(
      null,
    );
  });
});

describe("digest scheduling", () => {
  it("picks the next local hour, daily and weekly, DST-safe", () => {
    const daily = { mode: "digest_daily" as const, hour: 8, weekday: 1 };
    // 07:59 EST → 08:00 the same day; 08:00 exactly → tomorrow.
    expect(nextDigestAt(at("2026-11-21T12:59:00Z"), NY, daily).toISOString()).toBe(
      "2026-11-21T13:00:00.000Z",
    );
    expect(nextDigestAt(at("2026-11-21T13:00:00Z"), NY, daily).toISOString()).toBe(
      "2026-11-22T13:00:00.000Z",
    );
    // Across spring-forward: 08:00 EST on Mar 7 is 13:00Z, 08:00 EDT on Mar 8 is 12:00Z.
    expect(nextDigestAt(at("2026-03-07T13:00:00Z"), NY, daily).toISOString()).toBe(
      "2026-03-08T12:00:00.000Z",
    );
    // Across fall-back in Berlin: 08:00 CEST Oct 24 = 06:00Z, 08:00 CET Oct 25 = 07:00Z.
    expect(nextDigestAt(at("2026-10-24T06:00:00Z"), BERLIN, daily).toISOString()).toBe(
      "2026-10-25T07:00:00.000Z",
    );
    // A digest hour skipped by spring-forward moves to the next existing time (02:00 → 03:00).
    expect(nextDigestAt(at("2026-03-08T00:00:00Z"), NY, { ...daily, hour: 2 }).toISOString()).toBe(
      "2026-03-08T07:00:00.000Z",
    );

    const weekly = { mode: "digest_weekly" as const, hour: 9, weekday: 1 }; // Mondays 09:00
    // Saturday 2026-11-21 → Monday 2026-11-23 09:00 CET.
    expect(nextDigestAt(at("2026-11-21T10:00:00Z"), BERLIN, weekly).toISOString()).toBe(
      "2026-11-23T08:00:00.000Z",
    );
    // Monday 09:00 exactly → next Monday.
    expect(nextDigestAt(at("2026-11-23T08:00:00Z"), BERLIN, weekly).toISOString()).toBe(
      "2026-11-30T08:00:00.000Z",
    );
  });

  it("is due once a scheduled instant has passed since the last digest", () => {
    const daily = { mode: "digest_daily" as const, hour: 8, weekday: 1 };
    const last = at("2026-11-21T13:00:00Z");
    expect(digestDue(at("2026-11-22T12:59:00Z"), last, NY, daily)).toBe(false);
    expect(digestDue(at("2026-11-22T13:00:00Z"), last, NY, daily)).toBe(true);
  });

  it("keeps one line per episode (its latest state), open ones only, by revenue at risk", () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 21, 10, m));
    const d = buildDigest(
      [
        {
          episodeId: "1",
          severity: "attention",
          revenueAtRisk: 100,
          queuedAt: t(1),
          stillOpen: true,
        },
        {
          episodeId: "1",
          severity: "critical",
          revenueAtRisk: 300,
          queuedAt: t(5),
          stillOpen: true,
        },
        {
          episodeId: "2",
          severity: "warning",
          revenueAtRisk: 900,
          queuedAt: t(2),
          stillOpen: true,
        },
        {
          episodeId: "3",
          severity: "critical",
          revenueAtRisk: 5000,
          queuedAt: t(3),
          stillOpen: false,
        },
        {
          episodeId: "4",
          severity: "attention",
          revenueAtRisk: 0,
          queuedAt: t(4),
          stillOpen: true,
        },
      ],
      2,
    );
    expect(d.items.map((i) => [i.episodeId, i.severity])).toEqual([
      ["2", "warning"],
      ["1", "critical"],
    ]);
    expect(d).toMatchObject({
      omitted: 1,
      counts: { critical: 1, warning: 1, attention: 1 },
      totalRevenueAtRisk: 1200,
    });
  });
});

describe("routing a step to channels", () => {
  const now = at("2026-11-21T17:00:00Z"); // 12:00 in New York

  it("filters by minimum severity and enabled, and respects quiet hours", () => {
    const channels = [
      channel({ id: 1, minSeverity: "critical" }),
      channel({ id: 2, minSeverity: "warning" }),
      channel({ id: 3, enabled: false }),
      channel({ id: 4, quietStart: hm(11), quietEnd: hm(13) }),
    ];
    expect(routeStep({ step: "open", severity: "warning", channels, timeZone: NY, now })).toEqual([
      { channelId: 2, via: "instant", notBefore: now, reason: "now" },
      {
        channelId: 4,
        via: "instant",
        notBefore: at("2026-11-21T18:00:00Z"),
        reason: "quiet_hours",
      },
    ]);
    expect(
      routeStep({
        step: "escalate:critical",
        severity: "critical",
        channels,
        timeZone: NY,
        now,
      }).map((d) => d.channelId),
    ).toEqual([1, 2, 4]);
  });

  it("queues digest channels for their next digest", () => {
    const channels = [channel({ id: 7, mode: "digest_weekly", digestWeekday: 1, digestHour: 8 })];
    expect(routeStep({ step: "open", severity: "attention", channels, timeZone: NY, now })).toEqual(
      [{ channelId: 7, via: "digest", notBefore: at("2026-11-23T13:00:00Z"), reason: "digest" }],
    );
  });

  it("sends 'resolved' only to instant channels that got the alert", () => {
    const channels = [
      channel({ id: 1 }),
      channel({ id: 2 }),
      channel({ id: 3, mode: "digest_daily" }),
    ];
    expect(
      routeStep({
        step: "resolve",
        severity: "attention",
        channels,
        timeZone: NY,
        now,
        notifiedChannelIds: [2, 3],
      }),
    ).toEqual([{ channelId: 2, via: "instant", notBefore: now, reason: "now" }]);
  });

  it("uses a healthy fallback for an unhealthy channel, once", () => {
    const channels = [
      channel({ id: 1, healthy: false, fallbackChannelId: 2 }),
      channel({ id: 2, kind: "email", minSeverity: "critical" }),
      channel({ id: 3, healthy: false, fallbackChannelId: 4 }),
      channel({ id: 4, healthy: false, fallbackChannelId: 3 }),
    ];
    expect(routeStep({ step: "open", severity: "warning", channels, timeZone: NY, now })).toEqual([
      { channelId: 2, via: "instant", notBefore: now, reason: "now", fallbackFor: 1 },
    ]);
    // The fallback also qualifies on its own: still one delivery.
    expect(
      routeStep({ step: "open", severity: "critical", channels, timeZone: NY, now }),
    ).toHaveLength(1);
  });
});
