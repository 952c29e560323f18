// Day-of-week index pooled over many variants. One variant's weekday pattern is mostly noise
// (a lumpy item sells on 3 random days), but a shop's or a product type's pattern is stable,
// so every variant gets the pooled one. Weights are Sunday first and average 1.
import { dayOfWeek } from "./dates.ts";
import type { DemandHistory } from "./types.ts";

// A weekday pooled below this share of an average day is a closed day (the shop does not
// trade): it is neither evidence of low demand nor a day to expect sales on.
export const CLOSED_WEIGHT = 0.1;
export const FLAT_WEEK: readonly number[] = [1, 1, 1, 1, 1, 1, 1];

// A variant with this many selling days counts fully in the pool; fewer count proportionally.
const FULL_TRUST_SALE_DAYS = 30;
// Pseudo-variants with the fallback pattern, so that a small batch stays near that pattern.
const PSEUDO_VARIANTS = 2;

// Accumulator: 7 weighted weekday sums, then the total weight.
export function newWeekPool(): Float64Array {
  return new Float64Array(8);
}

const sums = new Float64Array(7);
const days = new Float64Array(7);

// Adds one variant's weekday profile (mean units per in-stock weekday, scaled to average 1).
// A variant that was never in stock on some weekday, or never sold, adds nothing.
export function addToWeekPool(pool: Float64Array, h: DemandHistory): void {
  const end = h.units.length;
  const from = Math.max(0, h.firstDay);
  if (end - from < 7) return;
  sums.fill(0);
  days.fill(0);
  let d = (((dayOfWeek(h.asOf) - (end - 1 - from)) % 7) + 7) % 7;
  let saleDays = 0;
  for (let i = from; i < end; i++) {
    if (!h.censored[i]) {
      const y = h.units[i]!;
      if (y > 0) {
        sums[d]! += y;
        saleDays++;
      }
      days[d]!++;
    }
    if (++d === 7) d = 0;
  }
  if (saleDays === 0) return;
  let total = 0;
  for (let k = 0; k < 7; k++) {
    if (days[k] === 0) return;
    sums[k]! /= days[k]!;
    total += sums[k]!;
  }
  const weight = Math.min(1, saleDays / FULL_TRUST_SALE_DAYS);
  const scale = (7 * weight) / total;
  for (let k = 0; k < 7; k++) pool[k]! += sums[k]! * scale;
  pool[7]! += weight;
}

export function mergeWeekPools(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < 8; k++) into[k]! += from[k]!;
}

// The pooled index, shrunk toward `fallback` (flat, or the shop's when pooling a product type).
// A weekday under CLOSED_WEIGHT becomes exactly 0: no sales are expected on a closed day.
export function weekIndex(
  pool: Float64Array,
  fallback: ArrayLike<number> = FLAT_WEEK,
): Float64Array {
  const w = new Float64Array(7);
  for (let k = 0; k < 7; k++) {
    w[k] = (pool[k]! + PSEUDO_VARIANTS * fallback[k]!) / (pool[7]! + PSEUDO_VARIANTS);
  }
  return closeQuietDays(w);
}

function closeQuietDays(w: Float64Array): Float64Array {
  for (let pass = 0; pass < 2; pass++) {
    let total = 0;
    for (let k = 0; k < 7; k++) total += w[k]!;
    for (let k = 0; k < 7; k++) {
      const v = (7 * w[k]!) / total;
      w[k] = pass === 0 && v < CLOSED_WEIGHT ? 0 : v;
    }
  }
  return w;
}

// Checks a caller-supplied index: 7 finite non-negative weights, rescaled to average 1.
export function normalizeWeek(w: ArrayLike<number>): Float64Array {
  if (w.length !== 7) throw new RangeError(`a day-of-week index needs 7 weights, got ${w.length}`);
  let total = 0;
  for (let k = 0; k < 7; k++) {
    const v = w[k]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`bad day-of-week weight ${v}`);
    total += v;
  }
  if (!(total > 0)) throw new RangeError("a day-of-week index needs at least one open day");
  return closeQuietDays(Float64Array.from({ length: 7 }, (_, k) => w[k]!));
}
