// Revenue at risk: the sales expected to be lost before the earliest possible replenishment.
// An order placed now arrives after the lead time; stock covers `daysOfCover` of it; every day in
// between sells nothing. It is what merchants sort by: a cheap slow item out of stock matters less
// than a best-seller running out next week.
import { severityRank, type Severity } from "./types.ts";

export function revenueAtRisk(input: {
  velocity: number; // units/day
  leadTimeDays: number;
  daysOfCover: number | null; // null when nothing sells
  price: number;
}): number {
  const { velocity, leadTimeDays, daysOfCover, price } = input;
  if (!(velocity > 0) || !(price > 0)) return 0;
  const cover = Math.max(0, daysOfCover ?? Number.POSITIVE_INFINITY);
  return roundCents(velocity * Math.max(0, leadTimeDays - cover) * price);
}

export function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

export type Rankable = {
  revenueAtRisk: number;
  severity: Severity;
  stockoutDate?: string | null; // YYYY-MM-DD; sooner first on ties
  title?: string;
};

// Most revenue at risk first; ties by severity, then the sooner stockout, then title for a
// stable order.
export function compareByRisk(a: Rankable, b: Rankable): number {
  return (
    b.revenueAtRisk - a.revenueAtRisk ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.stockoutDate ?? "9999").localeCompare(b.stockoutDate ?? "9999") ||
    (a.title ?? "").localeCompare(b.title ?? "")
  );
}
