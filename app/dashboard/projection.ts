// What the chart draws ahead of today, from one stored forecast: the expected stock if sales
// follow the forecast, and its P10–P90 band. Pure, shared by the loader and its unit test.
//
// The engine stores three stockout dates (P10/P50/P90) and 30-day demand quantiles, not a
// trajectory. The band is drawn so that it reaches zero exactly on the dates the page prints:
// the low edge (demand at P90) empties on the P10 date, the high edge on the P90 date. Without a
// stockout date (nothing runs out within a year) the band comes from the 30-day demand quantiles.
import { addDays, daysBetween } from "../../domain/forecast/dates.ts";

export type ProjectionInput = {
  today: string;
  available: number;
  velocity: number;
  stockoutP10: string | null;
  stockoutP50: string | null;
  stockoutP90: string | null;
  demand30P10: number | null;
  demand30P90: number | null;
};

export type ProjectedDay = {
  day: string;
  stock: number; // expected
  low: number; // P10 of stock (high demand)
  high: number; // P90 of stock (low demand)
  sales: number; // expected units sold that day (unconstrained demand)
};

export function projectStock(p: ProjectionInput, maxDays = 120): ProjectedDay[] {
  const available = Math.max(0, p.available);
  const days = Math.min(maxDays, Math.max(30, horizonOf(p) + 7));
  const until = (date: string | null) => (date ? Math.max(0, daysBetween(p.today, date)) : null);
  const d10 = until(p.stockoutP10);
  const d50 = until(p.stockoutP50);
  const d90 = until(p.stockoutP90);
  const linear = (t: number, zeroAt: number | null, perDay: number) =>
    zeroAt === null
      ? Math.max(0, available - perDay * t)
      : zeroAt === 0
        ? 0
        : Math.max(0, available * (1 - t / zeroAt));
  const hiRate = (p.demand30P90 ?? p.velocity * 30) / 30;
  const loRate = (p.demand30P10 ?? p.velocity * 30) / 30;
  const out: ProjectedDay[] = [];
  for (let t = 0; t <= days; t++) {
    const stock = linear(t, d50, p.velocity);
    const low = Math.min(stock, linear(t, d10, hiRate));
    const high = Math.max(stock, linear(t, d90, loRate));
    out.push({
      day: addDays(p.today, t),
      stock: r1(stock),
      low: r1(low),
      high: r1(high),
      sales: r1(p.velocity),
    });
  }
  return out;
}

function horizonOf(p: ProjectionInput): number {
  const last = p.stockoutP90 ?? p.stockoutP50;
  return last ? daysBetween(p.today, last) : 30;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
