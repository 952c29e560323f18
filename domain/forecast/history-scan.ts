// One pass over a variant's history collecting what the model needs before smoothing: how much
// in-stock evidence there is, the demand class, where to start the smoothing, and how long it
// has been since the last sale. Closed weekdays are skipped. A censored (out-of-stock) day
// without sales is skipped: the variant could not sell, so it says nothing about demand. A
// censored day WITH sales is the day the stock ran out: it started in stock, so we did see
// whether anyone wanted the item (yes), only not how many: it counts as a selling day whose
// size is at least what sold (see tsb.ts).
import { CLOSED_WEIGHT } from "./day-of-week.ts";
import { classifyDemand } from "./demand-class.ts";
import type { DemandClass, DemandHistory } from "./types.ts";

// One order this many times the variant's typical sale (a wholesale one-off, or a mistake
// later cancelled) counts as this many typical sales and no more, so it cannot hold the
// forecast up for months. The typical sale is the median, from a log2 histogram of sizes.
export const OUTLIER_FACTOR = 10;
// Bin b ≥ 1 holds sizes in [2^(b−3), 2^(b−2)); bin 0 everything below 1/4.
const BINS = 40;
const binCount = new Float64Array(BINS);
const binSum = new Float64Array(BINS);
const binSquares = new Float64Array(BINS);

export type HistoryScan = {
  from: number; // first index the rate is measured from (the day after the first sale)
  startDow: number; // weekday of `from`
  inStockDays: number; // uncensored days, open or not, over the whole window
  openDays: number; // observed days (uncensored, or sold out after selling) on open weekdays
  saleDays: number; // observed open days with a sale
  demandClass: DemandClass;
  // Mean and mean square of the weekday-adjusted sale sizes (units / weekday weight), each
  // sale clipped at OUTLIER_FACTOR × the median sale (see below).
  sizeMean: number;
  sizeSquareMean: number;
  idleInStockDays: number; // in-stock days since the last day with any sale
  idleOpenDays: number; // observed open days since the last sale on one
  outlierCap: number; // weekday-adjusted sale size above which a sale is clipped
  // How much the variant's level moves: complete blocks of BLOCK_DAYS observed open days, and
  // the variance of their mean weekday-adjusted units beyond what daily noise explains,
  // relative to the squared mean (NaN with fewer than 2 blocks).
  blocks: number;
  levelDrift: number;
};

export const BLOCK_DAYS = 28;

export function scanHistory(
  h: DemandHistory,
  week: ArrayLike<number>,
  asOfDow: number,
): HistoryScan {
  const end = h.units.length;
  // A variant's demand history starts with its first sale. Days in stock before it are not
  // evidence of low demand: a product is often stocked before it is listed, launched or found
  // (and a CSV history or a shop's first import cannot tell the difference). Measured: counting
  // them held every launch's rate down for months (docs/forecasting/methods.md). The clock
  // starts the day after that first sale, which is then left out: a window that opens on a sale
  // would overstate a slow seller's rate (the renewal argument: after a sale, the wait for the
  // next one is the same whenever the window opened). A variant that never sold keeps its whole
  // history (no sales, maybe dead stock).
  const start = Math.min(Math.max(0, h.firstDay), end);
  let from = start;
  for (let i = start; i < end; i++) {
    if (h.units[i]! > 0) {
      from = i + 1;
      break;
    }
  }
  const startDow = (((asOfDow - (end - 1 - from)) % 7) + 7) % 7;
  let inStockDays = 0;
  let openDays = 0;
  let saleDays = 0;
  let rawSum = 0;
  let rawSquares = 0;
  binCount.fill(0);
  binSum.fill(0);
  binSquares.fill(0);
  let idle = 0;
  let idleOpen = 0;
  let blockSum = 0;
  let blockDays = 0;
  let blocks = 0;
  let blockMean = 0;
  let blockSquares = 0;
  // Days in stock (for the statuses and dead stock) count from the start of the window.
  for (let i = start; i < from; i++) {
    if (h.units[i]! > 0) idle = 0;
    else if (!h.censored[i]) idle++;
    if (!h.censored[i]) inStockDays++;
  }
  let d = startDow;
  for (let i = from; i < end; i++) {
    const y = h.units[i]!;
    if (y > 0) idle = 0;
    const censored = h.censored[i];
    if (!censored) {
      inStockDays++;
      if (y <= 0) idle++;
    }
    if (!censored || y > 0) {
      const w = week[d]!;
      if (w >= CLOSED_WEIGHT) {
        openDays++;
        idleOpen++;
        if (y > 0) {
          idleOpen = 0;
          saleDays++;
          rawSum += y;
          rawSquares += y * y;
          const s = y / w;
          blockSum += s;
          const b = s < 2 ** 36 ? 32 - Math.clz32(s * 4) : BINS - 1;
          binCount[b]!++;
          binSum[b]! += s;
          binSquares[b]! += s * s;
        }
        if (++blockDays === BLOCK_DAYS) {
          // Welford's running variance over the block means.
          const r = blockSum / BLOCK_DAYS;
          blocks++;
          const delta = r - blockMean;
          blockMean += delta / blocks;
          blockSquares += delta * (r - blockMean);
          blockSum = 0;
          blockDays = 0;
        }
      }
    }
    if (++d === 7) d = 0;
  }
  let cv2 = 0;
  if (saleDays > 0) {
    const mean = rawSum / saleDays;
    cv2 = Math.max(0, rawSquares / saleDays - mean * mean) / (mean * mean);
  }
  let sizeMean = 0;
  let sizeSquareMean = 0;
  let cap = Infinity;
  if (saleDays > 0) {
    let b = 0;
    for (let seen = binCount[0]!; seen * 2 < saleDays; seen += binCount[b]!) b++;
    cap = OUTLIER_FACTOR * (binSum[b]! / binCount[b]!);
    for (let k = 0; k < BINS; k++) {
      if (binCount[k] === 0) continue;
      if (k > 0 && 2 ** (k - 3) >= cap) {
        sizeMean += binCount[k]! * cap;
        sizeSquareMean += binCount[k]! * cap * cap;
      } else {
        sizeMean += binSum[k]!;
        sizeSquareMean += binSquares[k]!;
      }
    }
    sizeMean /= saleDays;
    sizeSquareMean /= saleDays;
  }
  let levelDrift = NaN;
  if (blocks >= 2 && blockMean > 0) {
    // Daily noise alone would make block means vary by (p·E[S²] − p²·E[S]²) / BLOCK_DAYS.
    const p = saleDays / openDays;
    const noise = (p * sizeSquareMean - p * p * sizeMean * sizeMean) / BLOCK_DAYS;
    levelDrift = Math.max(0, blockSquares / (blocks - 1) - noise) / (blockMean * blockMean);
  }
  return {
    from,
    startDow,
    inStockDays,
    openDays,
    saleDays,
    demandClass: classifyDemand(openDays, saleDays, cv2),
    sizeMean,
    sizeSquareMean,
    idleInStockDays: idle,
    idleOpenDays: idleOpen,
    outlierCap: cap,
    blocks,
    levelDrift,
  };
}
