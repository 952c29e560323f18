// The vocabulary of alerts, shared by the rules, the episode state machine, routing and the
// message renderers. Pure data.

export const ALERT_KINDS = [
  "stockout_predicted",
  "low_stock",
  "out_of_stock",
  "stock_gap", // stock on its way lands after the variant runs out
  "dead_stock",
  "missing_data",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

// Most severe first: the index is the rank used for comparisons.
export const SEVERITIES = ["critical", "warning", "attention"] as const;
export type Severity = (typeof SEVERITIES)[number];

// Location id "0" means "all locations" (the variant's total), matching AlertEpisode.location_id.
export const ALL_LOCATIONS = "0";

export type EpisodeKey = { variantId: string; locationId: string; kind: AlertKind };

export function keyString(k: EpisodeKey): string {
  return `${k.variantId}:${k.locationId}:${k.kind}`;
}

// Higher is more severe.
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function isWorse(a: Severity, than: Severity): boolean {
  return severityRank(a) > severityRank(than);
}

export function atLeast(s: Severity, min: Severity): boolean {
  return severityRank(s) >= severityRank(min);
}

// The notification steps of an episode; one notification per (episode, step, channel).
export type Step = "open" | `escalate:${Severity}` | "resolve";

export function escalateStep(to: Severity): Step {
  return `escalate:${to}`;
}
