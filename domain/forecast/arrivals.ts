// Stock on its way, netted by the day it lands. With arrivals the stock a variant can sell is a
// step function of the day: S until the first arrival, S + q1 from then, and so on. It is out of
// stock on day t when demand over days 1..t reaches the stock it had by then; within one step
// demand only grows, so the step's last day decides whether the step runs dry.
//
// P(stockout by t) is the probability of the union of those step events; they share one demand
// path and are strongly correlated, so the largest of them is used (a lower bound, exact when a
// single step dominates, which is the common case: one order on its way).
import {
  expectedShortfall,
  meanOver,
  MAX_HORIZON_DAYS,
  stockoutBy,
  type CumulativeDemand,
} from "./cumulative-demand.ts";
import type { Arrival, ArrivalGap } from "./types.ts";

// From day `from` on, the variant has had `stock` units in all (on hand + arrivals so far).
export type StockStep = { from: number; stock: number };

// The steps for on-hand `stock` and the arrivals: same-day arrivals merged, non-positive
// quantities ignored, overdue arrivals (day < 1) expected tomorrow, beyond the horizon dropped.
export function stockSteps(stock: number, arrivals: readonly Arrival[]): StockStep[] {
  const byDay = new Map<number, number>();
  for (const a of arrivals) {
    if (!(a.quantity > 0) || !Number.isFinite(a.day)) continue;
    const day = Math.max(1, Math.ceil(a.day));
    if (day > MAX_HORIZON_DAYS) continue;
    byDay.set(day, (byDay.get(day) ?? 0) + a.quantity);
  }
  const steps: StockStep[] = [{ from: 1, stock }];
  let total = stock;
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    total += byDay.get(day)!;
    if (day === 1) steps[0]!.stock = total;
    else steps.push({ from: day, stock: total });
  }
  return steps;
}

// P(out of stock on some day 1..t).
export function stockoutByNetted(m: CumulativeDemand, steps: StockStep[], t: number): number {
  let p = 0;
  for (let k = 0; k < steps.length && steps[k]!.from <= t; k++) {
    const end = k + 1 < steps.length ? Math.min(t, steps[k + 1]!.from - 1) : t;
    const s = steps[k]!.stock;
    const q = s <= 0 ? 1 : stockoutBy(m, s, end);
    if (q > p) p = q;
    if (p >= 1) break;
  }
  return p;
}

// First day (lo..hi) by which the netted stockout probability reaches q; null if it does not.
export function stockoutDayNetted(
  m: CumulativeDemand,
  steps: StockStep[],
  q: number,
  lo = 1,
  hi = MAX_HORIZON_DAYS,
): number | null {
  if (stockoutByNetted(m, steps, hi) < q) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stockoutByNetted(m, steps, mid) >= q) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Stock on hand plus everything landing on or before `day`.
export function stockBy(steps: StockStep[], day: number): number {
  let stock = steps[0]!.stock;
  for (const s of steps) if (s.from <= day) stock = s.stock;
  return stock;
}

// The gap before the next arrival (after tomorrow's, which lands before anything can sell out):
// P(stockout before it lands), the expected days without stock, and the demand lost meanwhile.
export function arrivalGap(
  m: CumulativeDemand,
  steps: StockStep[],
  price: number,
): ArrivalGap | null {
  const next = steps[1];
  if (!next) return null;
  const before = next.from - 1; // days 1..before are sold from the stock on hand
  const quantity = next.stock - steps[0]!.stock;
  const onHand = steps[0]!.stock; // includes anything landing tomorrow
  if (onHand <= 0) {
    const lost = meanOver(m, before);
    return {
      day: next.from,
      quantity,
      pStockout: 1,
      expectedDays: before,
      lostUnits: lost,
      lostRevenue: lost * price,
    };
  }
  let expectedDays = 0;
  for (let t = 1; t <= before; t++) expectedDays += stockoutBy(m, onHand, t);
  const lost = expectedShortfall(m, onHand, before);
  return {
    day: next.from,
    quantity,
    pStockout: stockoutBy(m, onHand, before),
    expectedDays,
    lostUnits: lost,
    lostRevenue: lost * price,
  };
}
