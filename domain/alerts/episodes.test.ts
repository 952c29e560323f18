import { describe, expect, it } from "vitest";
import {
  decideEpisode,
  planEpisodes,
  suppressionFor,
  type EpisodeContext,
  type OpenEpisode,
} from "./episodes.ts";
import { evaluateVariant } from "./rules.ts";
import { forecast, params, snapshot } from "./test-fixtures.ts";
import type { Severity } from "./types.ts";

const now = new Date("2026-11-21T15:00:00Z");
const ctx: EpisodeContext = { now, cooldownMinutes: 60, notifyOnResolve: true, suppressed: false };
const active = (severity: Severity) => ({ status: "active" as const, severity });
const episode = (over: Partial<OpenEpisode> = {}): OpenEpisode => ({
  variantId: "4001",
  locationId: "0",
  kind: "low_stock",
  severity: "attention",
  peakSeverity: "attention",
  openedAt: new Date("2026-11-20T10:00:00Z"),
  openNotified: true,
  ...over,
});

describe("episode state machine", () => {
  it("opens when a key enters its condition and notifies", () => {
    expect(decideEpisode(active("warning"), null, null, ctx)).toEqual({
      action: "open",
      step: "open",
      severity: "warning",
      notify: true,
      openNotified: true,
      why: "active",
    });
    expect(decideEpisode({ status: "hold", severity: null }, null, null, ctx).action).toBe("none");
    expect(decideEpisode({ status: "clear", severity: null }, null, null, ctx).action).toBe("none");
  });

  it("cannot fire again while open, and escalates once per level", () => {
    const e = episode({ severity: "attention", peakSeverity: "attention" });
    expect(decideEpisode(active("attention"), e, null, ctx)).toEqual({
      action: "none",
      why: "unchanged",
    });
    expect(decideEpisode(active("warning"), e, null, ctx)).toMatchObject({
      action: "escalate",
      step: "escalate:warning",
      notify: true,
    });
    // Worse again: one more level.
    const w = episode({ severity: "warning", peakSeverity: "warning" });
    expect(decideEpisode(active("critical"), w, null, ctx)).toMatchObject({
      step: "escalate:critical",
    });
    // Improves, then worsens back to a level already announced: no second escalation.
    const c = episode({ severity: "critical", peakSeverity: "critical" });
    expect(decideEpisode(active("warning"), c, null, ctx)).toEqual({
      action: "update",
      severity: "warning",
      why: "active",
    });
    const back = episode({ severity: "warning", peakSeverity: "critical" });
    expect(decideEpisode(active("critical"), back, null, ctx)).toEqual({
      action: "update",
      severity: "critical",
      why: "active",
    });
  });

  it("resolves when the condition clears, telling only those who heard of it", () => {
    expect(decideEpisode({ status: "clear", severity: null }, episode(), null, ctx)).toEqual({
      action: "resolve",
      step: "resolve",
      notify: true,
      why: "clear",
    });
    expect(
      decideEpisode(
        { status: "clear", severity: null },
        episode({ openNotified: false }),
        null,
        ctx,
      ).action === "resolve",
    ).toBe(true);
    expect(
      decideEpisode({ status: "clear", severity: null }, episode(), null, {
        ...ctx,
        notifyOnResolve: false,
      }),
    ).toMatchObject({ notify: false });
    expect(decideEpisode({ status: "off", severity: null }, episode(), null, ctx)).toMatchObject({
      action: "resolve",
      notify: false,
    });
    expect(decideEpisode({ status: "hold", severity: null }, episode(), null, ctx).action).toBe(
      "none",
    );
  });

  it("waits for the cooldown before re-opening a key that just resolved (flapping)", () => {
    const resolved = new Date(now.getTime() - 30 * 60_000);
    expect(decideEpisode(active("warning"), null, resolved, ctx)).toEqual({
      action: "none",
      why: "cooldown",
    });
    const longAgo = new Date(now.getTime() - 61 * 60_000);
    expect(decideEpisode(active("warning"), null, longAgo, ctx).action).toBe("open");
  });

  it("records but does not notify while snoozed or muted, and releases the open afterwards", () => {
    const snoozed = { ...ctx, suppressed: "snoozed" as const };
    expect(decideEpisode(active("warning"), null, null, snoozed)).toMatchObject({
      action: "open",
      notify: false,
      openNotified: false,
      why: "snoozed",
    });
    const quiet = episode({ openNotified: false, severity: "warning", peakSeverity: "warning" });
    expect(decideEpisode(active("critical"), quiet, null, snoozed)).toMatchObject({
      action: "escalate",
      notify: false,
    });
    expect(
      decideEpisode(active("critical"), { ...quiet, peakSeverity: "critical" }, null, ctx),
    ).toEqual({
      action: "notify_open",
      step: "open",
      severity: "critical",
      notify: true,
      why: "released",
    });
    expect(
      decideEpisode({ status: "clear", severity: null }, episode(), null, {
        ...ctx,
        suppressed: "muted",
      }),
    ).toMatchObject({ action: "resolve", notify: false });
    expect(
      suppressionFor({ muted: false, snoozedUntil: new Date("2026-11-22T00:00:00Z") }, now),
    ).toBe("snoozed");
    expect(
      suppressionFor({ muted: false, snoozedUntil: new Date("2026-11-20T00:00:00Z") }, now),
    ).toBe(false);
    expect(suppressionFor({ muted: true, snoozedUntil: null }, now)).toBe("muted");
  });

  it("records a fresh install's existing problems without a flood", () => {
    expect(decideEpisode(active("critical"), null, null, { ...ctx, baseline: true })).toMatchObject(
      {
        action: "open",
        notify: false,
        openNotified: true,
        why: "baseline",
      },
    );
  });
});

describe("planning a variant's episodes", () => {
  it("sends one alert, not three, for a variant that is low and running out", () => {
    const plans = planEpisodes(evaluateVariant(snapshot(), params()), [], new Map(), ctx);
    const opened = plans.filter((p) => p.decision.action === "open");
    expect(opened.map((p) => [p.key.kind, p.decision])).toEqual([
      [
        "stockout_predicted",
        {
          action: "open",
          step: "open",
          severity: "critical",
          notify: true,
          openNotified: true,
          why: "stockout_within_horizon",
        },
      ],
    ]);
    expect(plans.find((p) => p.key.kind === "low_stock")?.decision).toEqual({
      action: "none",
      why: "superseded_by_stockout_predicted",
    });
  });

  it("closes the lesser episode silently when a worse kind takes over, and resolves on restock", () => {
    const lowOpen = episode({ kind: "low_stock", severity: "warning", peakSeverity: "warning" });
    const out = snapshot({
      available: 0,
      forecast: forecast({ status: "out_of_stock", daysOfCover: 0 }),
    });
    const plans = planEpisodes(evaluateVariant(out, params()), [lowOpen], new Map(), ctx);
    const d = Object.fromEntries(
      plans.map((p) => [`${p.key.kind}@${p.key.locationId}`, p.decision]),
    );
    expect(d["low_stock@0"]).toEqual({
      action: "resolve",
      step: "resolve",
      notify: false,
      why: "superseded_by_out_of_stock",
    });
    expect(d["out_of_stock@0"]).toMatchObject({
      action: "open",
      severity: "critical",
      notify: true,
    });
    expect(d["stockout_predicted@0"]).toMatchObject({ action: "none" });

    const oosOpen = episode({
      kind: "out_of_stock",
      severity: "critical",
      peakSeverity: "critical",
    });
    const restocked = snapshot({
      available: 120,
      forecast: forecast({
        stockoutP10: "2027-01-20",
        stockoutP25: "2027-01-22",
        stockoutP50: "2027-01-25",
        stockoutP90: "2027-02-01",
      }),
    });
    const after = planEpisodes(evaluateVariant(restocked, params()), [oosOpen], new Map(), ctx);
    expect(
      after.filter((p) => p.decision.action !== "none").map((p) => [p.key.kind, p.decision]),
    ).toEqual([
      ["out_of_stock", { action: "resolve", step: "resolve", notify: true, why: "in_stock" }],
    ]);
  });

  it("closes open episodes whose key was not evaluated any more", () => {
    const gone = episode({ kind: "out_of_stock", locationId: "99" });
    const plans = planEpisodes(
      evaluateVariant(snapshot({ available: 50, forecast: null }), params()),
      [gone],
      new Map(),
      ctx,
    );
    expect(plans.find((p) => p.key.locationId === "99")).toMatchObject({
      condition: null,
      decision: { action: "resolve", notify: false, why: "gone" },
    });
  });
});
