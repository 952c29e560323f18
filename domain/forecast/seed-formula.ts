// The seed's formula, kept as the baseline every backtest compares against: velocity = units
// sold in the last 30 days / 30 (out-of-stock days count as zero demand), days left = stock /
// velocity, one date, no uncertainty. It is the in-stock average with the censoring mask and
// the variant's start ignored.
import { inStockAverage } from "./in-stock-average.ts";
import type { DemandHistory, ForecastOptions, VariantForecast } from "./types.ts";

export const SEED_METHOD = "units30-over-30@seed";
const WINDOW = 30;

export function seedFormula(h: DemandHistory, o: ForecastOptions): VariantForecast {
  // Pad short histories with zero days so the divisor is always 30.
  const n = h.units.length;
  const units =
    n >= WINDOW ? h.units : [...Array<number>(WINDOW - n).fill(0), ...Array.from(h.units)];
  const f = inStockAverage({ ...h, units, censored: new Uint8Array(units.length), firstDay: 0 }, o);
  return { ...f, method: SEED_METHOD };
}
