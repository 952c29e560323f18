// Severity is relative to what the merchant can still do about it, not to absolute units:
// the same 5 units are critical for a best-seller and nothing for a slow mover.
import type { Severity } from "./types.ts";

// Predicted stockout, `days` from today (by the configured quantile):
// - critical:  within the lead time — an order placed today already arrives too late;
// - warning:   within lead time + half the horizon — order this week;
// - attention: within lead time + horizon — plan the order.
// Beyond that there is no alert (null).
export function stockoutSeverity(
  days: number,
  leadTimeDays: number,
  horizonDays: number,
): Severity | null {
  if (days <= leadTimeDays) return "critical";
  if (days <= leadTimeDays + horizonDays / 2) return "warning";
  if (days <= leadTimeDays + horizonDays) return "attention";
  return null;
}

// Low stock as a share of the threshold, generalising the seed's 0–3 / 4–7 / 8–10 for a
// threshold of 10: ≤ 30 % critical, ≤ 70 % warning, else attention. Above the threshold: null.
export function lowStockSeverity(available: number, threshold: number): Severity | null {
  if (available > threshold) return null;
  if (available <= Math.floor(threshold * 0.3)) return "critical";
  if (available <= Math.floor(threshold * 0.7)) return "warning";
  return "attention";
}

// A stockout episode stays open (neither re-alerts nor resolves) while the forecast wobbles
// just past the horizon; it resolves only once the date is this far beyond it.
export function stockoutClearMarginDays(horizonDays: number): number {
  return Math.max(1, Math.round(horizonDays * 0.25));
}
