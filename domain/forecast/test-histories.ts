// Builders for the forecasting tests: deterministic synthetic histories.
import type { DemandHistory } from "./types.ts";

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function poisson(rnd: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > limit; p *= rnd()) k++;
  return k;
}

export function history(
  units: ArrayLike<number>,
  over: Partial<DemandHistory> & { censored?: ArrayLike<number> } = {},
): DemandHistory {
  return {
    asOf: "2026-03-31", // a Tuesday
    units,
    censored: over.censored ?? new Uint8Array(units.length),
    firstDay: 0,
    available: 50,
    tracked: true,
    price: 10,
    ...over,
  };
}

// n days of Poisson(mean) sales.
export function steady(n: number, mean: number, seed = 1): Float64Array {
  const rnd = lcg(seed);
  return Float64Array.from({ length: n }, () => poisson(rnd, mean));
}
