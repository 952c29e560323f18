// Forecast accuracy: scoring stored forecasts against what sold, pure (docs/forecasting/accuracy.md).
import type { DemandClass } from "../forecast/types.ts";

export * from "./score.ts";
export * from "./tally.ts";
export * from "./words.ts";
export * from "./outcome.ts";

// How long each day's kept forecasts stay (worker/schedules/retention.ts): a 30-day period is
// scored a month and a day after it starts, with room to spare, and the variant page draws six
// weeks of past forecasts.
export const SNAPSHOT_RETENTION_DAYS = 42;

// Stored as a small integer (forecast_snapshots.demand_class): the index in this list.
export const DEMAND_CLASSES: readonly DemandClass[] = [
  "none",
  "smooth",
  "intermittent",
  "erratic",
  "lumpy",
];

export function demandClassCode(c: DemandClass): number {
  const i = DEMAND_CLASSES.indexOf(c);
  return i < 0 ? 0 : i;
}

export function demandClassOf(code: number): DemandClass {
  return DEMAND_CLASSES[code] ?? "none";
}

// Forecasts are grouped by the week of the day they were made (Monday first, like date_trunc).
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}
