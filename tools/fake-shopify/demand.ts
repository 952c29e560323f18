// How customers buy: the demand model shared by the history generator and the live mode, so the
// live activity continues the same patterns the backfill saw.
import type { DemandClass, DemandProfile } from "./model.ts";
import type { Rng } from "./random.ts";

/** Weekends differ: outdoor shoppers buy on Saturday and Sunday. Mean 1 over the week. */
export const WEEKDAY_INDEX = normalize([1.25, 0.85, 0.82, 0.88, 0.95, 1.05, 1.4]);

// Share of a day's online (web) orders by local hour; point-of-sale orders follow opening hours.
const WEB_HOURS = normalize([
  0.9, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.0, 1.3, 1.4, 1.4, 1.4, 1.5, 1.4, 1.3, 1.3, 1.3, 1.4, 1.6,
  1.9, 2.1, 2.0, 1.7, 1.3,
]);
const POS_HOURS = normalize([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0.8, 1.1, 1.3, 1.6, 1.5, 1.3, 1.3, 1.4, 1.5, 1.3, 0.9, 0, 0, 0, 0,
]);

function normalize(xs: number[]): number[] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.map((x) => x / mean);
}

/** A random time of day (ms after local midnight) following the hourly profile of a channel. */
export function timeOfDay(rng: Rng, channel: "web" | "pos"): number {
  const hours = channel === "web" ? WEB_HOURS : POS_HOURS;
  let r = rng.float() * 24;
  let h = 0;
  for (; h < 23; h++) {
    r -= hours[h]!;
    if (r < 0) break;
  }
  return (h * 3600 + Math.floor(rng.float() * 3600)) * 1000;
}

type ClassSpec = { median: number; sigma: number; dispersion: [number, number]; weight: number };

export const CLASS_SPECS: Record<DemandClass, ClassSpec> = {
  fast: { median: 3.2, sigma: 0.45, dispersion: [6, 25], weight: 8 },
  steady: { median: 0.9, sigma: 0.4, dispersion: [2.5, 8], weight: 25 },
  slow: { median: 0.16, sigma: 0.5, dispersion: [1, 3], weight: 37 },
  intermittent: { median: 0.3, sigma: 0.5, dispersion: [0.08, 0.3], weight: 22 },
  dead: { median: 0, sigma: 0, dispersion: [1, 1], weight: 8 },
};

export function pickClass(rng: Rng): DemandClass {
  return rng.weighted(
    (Object.keys(CLASS_SPECS) as DemandClass[]).map((c) => [c, CLASS_SPECS[c].weight] as const),
  );
}

export function drawRate(rng: Rng, cls: DemandClass): number {
  const spec = CLASS_SPECS[cls];
  return spec.median === 0 ? 0 : rng.logNormal(spec.median, spec.sigma);
}

export function drawDispersion(rng: Rng, cls: DemandClass): number {
  const [lo, hi] = CLASS_SPECS[cls].dispersion;
  return rng.uniform(lo, hi);
}

/** Mean units for one variant at one location over a span of a day (fraction 1 = whole day). */
export function expectedUnits(
  profile: DemandProfile,
  locationIndex: number,
  weekdayOfDay: number,
  fraction = 1,
): number {
  const share = profile.locationShare[locationIndex] ?? 0;
  return profile.dailyRate * share * WEEKDAY_INDEX[weekdayOfDay]! * fraction;
}

/** Units a customer puts on one line: mostly one; lumpy sellers go to buyers who take many. */
export function lineQuantity(rng: Rng, cls: DemandClass, remaining: number): number {
  if (cls === "intermittent" && rng.chance(0.6)) return remaining;
  return Math.min(
    remaining,
    rng.weighted([
      [1, 80],
      [2, 15],
      [3, 5],
    ] as const),
  );
}

/** How many lines one order carries (1–4). */
export function linesPerOrder(rng: Rng): number {
  return rng.weighted([
    [1, 50],
    [2, 28],
    [3, 14],
    [4, 8],
  ] as const);
}
