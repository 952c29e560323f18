// Scoring one method over many (SKU, origin) pairs.
//
// Stockout date: the true date is the first day after the origin on which the true cumulative
// demand reaches the stock on hand at the origin (no restocks counted). A method hits at ±k
// when its P50 date is within k days of it. When the true date is beyond the window (no
// stockout within `window` days), a method hits when it also predicts none within the window
// (P50 later than the window, or no date). Pairs already out of stock at the origin are not
// scored for the date: every method says "today".
// 30-day demand: RMSSE and MASE scale each pair's error by the in-sample error of the naive
// forecast "the next 30 days sell what the last 30 did" (mean square / mean absolute, over
// the SKU's true history before the origin, at least 60 days of it). As in the M5 competition
// they are computed per SKU over its pairs, then averaged over SKUs weighted by revenue (the
// SKU's true revenue in the 28 days before each of its origins, summed; units when the data
// has no prices). Unweighted means are reported too (`*_unweighted`): a handful of SKUs that
// wake up from a near-zero history (scale 0.1) dominate them whatever the method. Pairs
// without a scale (shorter history, or a history of zeros) count for bias and coverage only.
// Pinball losses are scaled like MASE and weighted like it. Bias = total forecast / total
// actual. Coverage = share of pairs whose actual 30-day demand lies in [P10, P90] (inclusive;
// a point forecast covers only an exact match).
import type { DemandClass } from "../../domain/forecast/types.ts";

export type PairOutcome = {
  sku: number;
  demandClass: DemandClass;
  stock: number;
  trueStockoutDay: number | null; // 1..window, or null: none within the window
  predictedStockoutDay: number | null; // any day ≥ 0, or null: none predicted within a year
  actual30: number;
  mean30: number;
  p10: number;
  p50: number;
  p90: number;
  scaleAbs: number; // 0 = no scale
  scaleSquare: number;
  weight: number; // revenue in the 28 days before the origin
};

export type Metrics = {
  pairs: number;
  date_pairs: number;
  stockouts_in_window: number;
  hit3: number;
  hit7: number;
  rmsse: number;
  mase: number;
  bias: number;
  pinball_p10: number;
  pinball_p50: number;
  pinball_p90: number;
  coverage80: number;
  rmsse_unweighted: number;
  mase_unweighted: number;
  hit7_stockout: number; // hit ±7 among dated pairs with a stockout in the window
  hit7_no_stockout: number; // … and among those without
};

type PerSku = {
  n: number;
  weight: number;
  sq: number;
  abs: number;
  pin10: number;
  pin50: number;
  pin90: number;
};

export class MetricAccumulator {
  readonly window: number;
  private pairs = 0;
  private datePairs = 0;
  private stockouts = 0;
  private hits3 = 0;
  private hits7 = 0;
  private stockoutHits7 = 0;
  private forecastTotal = 0;
  private actualTotal = 0;
  private covered = 0;
  private readonly perSku = new Map<number, PerSku>();

  constructor(window: number) {
    this.window = window;
  }

  add(o: PairOutcome): void {
    this.pairs++;
    this.forecastTotal += o.mean30;
    this.actualTotal += o.actual30;
    if (o.actual30 >= o.p10 && o.actual30 <= o.p90) this.covered++;
    if (o.stock > 0) {
      this.datePairs++;
      const pred = o.predictedStockoutDay;
      if (o.trueStockoutDay !== null) {
        this.stockouts++;
        const gap = pred === null ? Infinity : Math.abs(pred - o.trueStockoutDay);
        if (gap <= 3) this.hits3++;
        if (gap <= 7) {
          this.hits7++;
          this.stockoutHits7++;
        }
      } else if (pred === null || pred > this.window) {
        this.hits3++;
        this.hits7++;
      }
    }
    if (o.scaleAbs > 0 && o.scaleSquare > 0) {
      let s = this.perSku.get(o.sku);
      if (!s) {
        s = { n: 0, weight: 0, sq: 0, abs: 0, pin10: 0, pin50: 0, pin90: 0 };
        this.perSku.set(o.sku, s);
      }
      const e = o.actual30 - o.mean30;
      s.n++;
      s.weight += o.weight;
      s.sq += (e * e) / o.scaleSquare;
      s.abs += Math.abs(e) / o.scaleAbs;
      s.pin10 += pinball(o.actual30, o.p10, 0.1) / o.scaleAbs;
      s.pin50 += pinball(o.actual30, o.p50, 0.5) / o.scaleAbs;
      s.pin90 += pinball(o.actual30, o.p90, 0.9) / o.scaleAbs;
    }
  }

  result(): Metrics {
    let weights = 0;
    let rmsse = 0;
    let mase = 0;
    let p10 = 0;
    let p50 = 0;
    let p90 = 0;
    let plainRmsse = 0;
    let plainMase = 0;
    for (const s of this.perSku.values()) {
      const w = s.weight;
      weights += w;
      rmsse += w * Math.sqrt(s.sq / s.n);
      mase += (w * s.abs) / s.n;
      p10 += (w * s.pin10) / s.n;
      p50 += (w * s.pin50) / s.n;
      p90 += (w * s.pin90) / s.n;
      plainRmsse += Math.sqrt(s.sq / s.n);
      plainMase += s.abs / s.n;
    }
    const frac = (x: number, n: number) => (n > 0 ? x / n : NaN);
    return {
      pairs: this.pairs,
      date_pairs: this.datePairs,
      stockouts_in_window: this.stockouts,
      hit3: frac(this.hits3, this.datePairs),
      hit7: frac(this.hits7, this.datePairs),
      rmsse: frac(rmsse, weights),
      mase: frac(mase, weights),
      bias: frac(this.forecastTotal, this.actualTotal),
      pinball_p10: frac(p10, weights),
      pinball_p50: frac(p50, weights),
      pinball_p90: frac(p90, weights),
      coverage80: frac(this.covered, this.pairs),
      rmsse_unweighted: frac(plainRmsse, this.perSku.size),
      mase_unweighted: frac(plainMase, this.perSku.size),
      hit7_stockout: frac(this.stockoutHits7, this.stockouts),
      hit7_no_stockout: frac(this.hits7 - this.stockoutHits7, this.datePairs - this.stockouts),
    };
  }
}

export function pinball(actual: number, quantile: number, q: number): number {
  const e = actual - quantile;
  return e >= 0 ? q * e : (q - 1) * e;
}

// Mean absolute and mean square error of the naive 30-day forecast over a true history
// (indices from..to inclusive); zeros when there are fewer than 2 × window days.
export function naiveScale(
  prefix: Float64Array, // prefix[t] = demand before day t
  from: number,
  to: number,
  window: number,
): { abs: number; square: number } {
  let n = 0;
  let abs = 0;
  let square = 0;
  for (let t = from + 2 * window - 1; t <= to; t++) {
    const recent = prefix[t + 1]! - prefix[t + 1 - window]!;
    const before = prefix[t + 1 - window]! - prefix[t + 1 - 2 * window]!;
    const e = recent - before;
    abs += Math.abs(e);
    square += e * e;
    n++;
  }
  return n > 0 ? { abs: abs / n, square: square / n } : { abs: 0, square: 0 };
}
