// TSB (Teunter, Syntetos & Babai 2011) on the days demand was observed. Unlike Croston it
// updates the probability of a sale on every observed day, so an item that stops selling
// fades instead of keeping its old rate forever. Sizes are divided by the weekday weight, so
// the weekday pattern is not mistaken for a level change.
// Out-of-stock days without sales are skipped. On the day stock ran out the sale is certain
// but its size is only a lower bound: it is taken as max(units sold, current size estimate),
// so a variant that sells out every time keeps its rate instead of looking half as popular.
import { CLOSED_WEIGHT } from "./day-of-week.ts";
import { OUTLIER_FACTOR, type HistoryScan } from "./history-scan.ts";
import type { ShopLevelSeries } from "./shop-trend.ts";
import type { ClassParameters, DemandHistory } from "./types.ts";

export type TsbState = {
  probability: number; // chance of a sale on an average open day
  size: number; // weekday-adjusted units on a selling day
  sizeSquare: number; // its mean square, for the count dispersion
};

// Starts from the whole-history averages (so a short history is not dominated by its first
// day) and smooths forward through the history. With `shop`, it also adds this variant's
// observed days to the batch's shop-level series (same days, same adjusted sizes), saving the
// batch a second pass over every history.
export function smoothTsb(
  h: DemandHistory,
  scan: HistoryScan,
  week: ArrayLike<number>,
  p: ClassParameters,
  shop?: ShopLevelSeries,
): TsbState {
  let probability = scan.openDays > 0 ? scan.saleDays / scan.openDays : 0;
  let size = scan.sizeMean;
  let sizeSquare = scan.sizeSquareMean;
  const { alpha, beta } = p;
  const end = h.units.length;
  const track = shop !== undefined && shop.asOf === h.asOf;
  const offset = track ? shop.actual.length - end : 0;
  let d = scan.startDow;
  for (let i = scan.from; i < end; i++) {
    const w = week[d]!;
    if (++d === 7) d = 0;
    const y = h.units[i]!;
    const censored = h.censored[i];
    if ((censored && !(y > 0)) || w < CLOSED_WEIGHT) continue;
    if (y > 0) {
      let s = y / w;
      if (censored && s < size) s = size;
      if (s > OUTLIER_FACTOR * size) s = OUTLIER_FACTOR * size;
      if (track) shop.actual[offset + i]! += s;
      probability += beta * (1 - probability);
      size += alpha * (s - size);
      sizeSquare += alpha * (s * s - sizeSquare);
    } else {
      probability -= beta * probability;
    }
    if (track) shop.observed[i] = 1;
  }
  if (track) {
    shop.variants++;
    const rate = probability * size;
    const { expected, observed } = shop;
    for (let i = scan.from; i < end; i++) {
      expected[offset + i]! += rate * observed[i]!;
      shop.observedCount[offset + i]! += observed[i]!;
      observed[i] = 0;
    }
  }
  return { probability, size, sizeSquare };
}
