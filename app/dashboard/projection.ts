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
  // Stock on its way by the day it lands: the lines step up then (see projectWithArrivals).
  arrivals?: { day: string; quantity: number }[];
};

export type ProjectedDay = {
  day: string;
  stock: number; // expected
  low: number; // P10 of stock (high demand)
  high: number; // P90 of stock (low demand)
  sales: number; // expected units sold that day (unconstrained demand)
};

export function projectStock(p: ProjectionInput, maxDays = 120): ProjectedDay[] {
  if (p.arrivals?.length) return projectWithArrivals(p, maxDays);
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

// With arrivals the stock is not a line to zero: each day sells at the expected rate (the band at
// the P90 and P10 demand rates) from what is left, nothing below zero (sales lost), and steps up
// on the day an arrival lands. The P50 date the page prints comes from the engine (netted by
// date); this draws the path around it.
function projectWithArrivals(p: ProjectionInput, maxDays: number): ProjectedDay[] {
  const landing = new Map<number, number>();
  let last = 0;
  for (const a of p.arrivals ?? []) {
    const t = Math.max(0, daysBetween(p.today, a.day));
    landing.set(t, (landing.get(t) ?? 0) + a.quantity);
    last = Math.max(last, t);
  }
  const days = Math.min(maxDays, Math.max(30, horizonOf(p) + 7, last + 14));
  const hiRate = (p.demand30P90 ?? p.velocity * 30) / 30;
  const loRate = (p.demand30P10 ?? p.velocity * 30) / 30;
  let stock = Math.max(0, p.available);
  let low = stock;
  let high = stock;
  const out: ProjectedDay[] = [];
  for (let t = 0; t <= days; t++) {
    if (t > 0) {
      stock = Math.max(0, stock - p.velocity);
      low = Math.max(0, low - hiRate);
      high = Math.max(0, high - loRate);
    }
    const land = landing.get(t) ?? 0;
    stock += land;
    low += land;
    high += land;
    out.push({
      day: addDays(p.today, t),
      stock: r1(stock),
      low: r1(Math.min(low, stock)),
      high: r1(Math.max(high, stock)),
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
