// The stock a real shop would have had. The sales data has no stock, so the backtest invents
// an inventory process and replays the true demand through it: every SKU is restocked every R
// days (R drawn once per SKU, 14–42 days) up to a level of f × R days of its average demand
// (f drawn at every restock, 0.5–2.0), arriving before that day's sales. Demand beyond the
// stock is lost: the day's sales are capped at what was on hand, and a day that ends with
// nothing left is out of stock (censored). Each method then sees only these capped sales and
// the censoring mask, as it would in a shop, and is scored against the true demand.
import type { DemandData } from "./demand-data.ts";
import { hashString, randomInt, seededRandom } from "./random.ts";

export type SimulationSettings = {
  seed: number;
  minCycleDays: number;
  maxCycleDays: number;
  minCoverFactor: number;
  maxCoverFactor: number;
};

export const DEFAULT_SIMULATION: SimulationSettings = {
  seed: 1,
  minCycleDays: 14,
  maxCycleDays: 42,
  minCoverFactor: 0.5,
  maxCoverFactor: 2,
};

export type SimulatedStock = {
  sales: Float64Array; // what the shop recorded
  censored: Uint8Array; // 1 = out of stock at the end of the day, or shop closed
  stockEnd: Float64Array; // on hand after the day's sales
};

export function simulateStock(
  data: DemandData,
  i: number,
  s: SimulationSettings = DEFAULT_SIMULATION,
): SimulatedStock {
  const demand = data.demand[i]!;
  const start = data.firstDay[i]!;
  const n = data.days;
  const sales = new Float64Array(n);
  const censored = new Uint8Array(n);
  const stockEnd = new Float64Array(n);
  if (start >= n) return { sales, censored, stockEnd };

  let total = 0;
  for (let t = start; t < n; t++) total += demand[t]!;
  const rate = total / (n - start);
  const rnd = seededRandom(hashString(data.skus[i]!) ^ s.seed);
  const cycle = randomInt(rnd, s.minCycleDays, s.maxCycleDays);
  const offset = randomInt(rnd, 0, cycle - 1);
  const level = () =>
    Math.max(
      1,
      Math.ceil(rate * cycle * (s.minCoverFactor + rnd() * (s.maxCoverFactor - s.minCoverFactor))),
    );

  let stock = level();
  for (let t = start; t < n; t++) {
    if (t > start && (t - start - offset) % cycle === 0) stock = Math.max(stock, level());
    const sold = Math.min(demand[t]!, stock);
    stock -= sold;
    sales[t] = sold;
    stockEnd[t] = stock;
    censored[t] = stock <= 0 || data.closed[t] ? 1 : 0;
  }
  return { sales, censored, stockEnd };
}
