// True daily demand per SKU on one calendar, read from the `date,sku,units[,revenue]` layout of
// the Online Retail extract (a missing day is a day without sales).
//
// Closed days: a day on which the whole shop sold nothing is a closed day. If its weekday is
// closed most weeks (Saturdays in Online Retail) it stays an ordinary zero day, so the pooled
// weekday index learns that the shop does not sell then. Any other closed day (the Christmas
// closure, bank holidays) is marked in `closed`: the simulated shop reports it as censored for
// every SKU, because a closure says nothing about demand and no weekday pattern predicts it.
import { addDays, dayOfWeek, daysBetween } from "../../domain/forecast/dates.ts";
import { columns, CsvError, isDay, parseCsv } from "./csv.ts";

export type DemandData = {
  name: string;
  start: string; // calendar day of index 0
  days: number; // calendar length
  skus: string[];
  demand: Float64Array[]; // true units per day, per SKU
  firstDay: Int32Array; // first day with a sale, per SKU
  price: Float64Array; // average unit price (0 when unknown)
  closed: Uint8Array; // 1 = whole shop closed that day, outside its weekly closures
};

export function parseDailyDemand(text: string, file: string): DemandData {
  const { header, rows } = parseCsv(text, file);
  const col = columns(header, ["date", "sku", "units"] as const, file);
  const revenueCol = header.indexOf("revenue");
  if (rows.length === 0) throw new CsvError(file, 2, "no data rows");

  let first = "9999-12-31";
  let last = "0000-01-01";
  for (const r of rows) {
    const date = r.fields[col.date]?.trim() ?? "";
    if (!isDay(date)) throw new CsvError(file, r.line, `bad date "${date}" (want YYYY-MM-DD)`);
    if (date < first) first = date;
    if (date > last) last = date;
  }
  const days = daysBetween(first, last) + 1;
  const index = new Map<string, number>();
  const skus: string[] = [];
  const demand: Float64Array[] = [];
  const revenue: number[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const sku = r.fields[col.sku]?.trim() ?? "";
    if (sku === "") throw new CsvError(file, r.line, "empty sku");
    const units = Number(r.fields[col.units]);
    if (!Number.isFinite(units) || units < 0) {
      throw new CsvError(file, r.line, `units must be a number ≥ 0, got "${r.fields[col.units]}"`);
    }
    const date = r.fields[col.date]!.trim();
    const key = `${sku}\u0000${date}`;
    if (seen.has(key)) throw new CsvError(file, r.line, `second row for ${sku} on ${date}`);
    seen.add(key);
    let i = index.get(sku);
    if (i === undefined) {
      i = skus.length;
      index.set(sku, i);
      skus.push(sku);
      demand.push(new Float64Array(days));
      revenue.push(0);
    }
    demand[i]![daysBetween(first, date)] = units;
    if (revenueCol >= 0) revenue[i]! += Number(r.fields[revenueCol]) || 0;
  }
  const price = new Float64Array(skus.length);
  for (let i = 0; i < skus.length; i++) {
    let total = 0;
    for (const u of demand[i]!) total += u;
    price[i] = total > 0 ? revenue[i]! / total : 0;
  }
  return finishData(file, first, days, skus, demand, price);
}

export function finishData(
  name: string,
  start: string,
  days: number,
  skus: string[],
  demand: Float64Array[],
  price: Float64Array,
): DemandData {
  const firstDay = new Int32Array(skus.length);
  for (let i = 0; i < skus.length; i++) {
    const d = demand[i]!;
    let f = 0;
    while (f < days && !(d[f]! > 0)) f++;
    firstDay[i] = f;
  }
  return {
    name,
    start,
    days,
    skus,
    demand,
    firstDay,
    price,
    closed: closedDays(start, days, demand),
  };
}

// Share of a weekday's dates that must be closed for the weekday to count as closed weekly.
const WEEKLY_CLOSURE_SHARE = 0.8;

function closedDays(start: string, days: number, demand: Float64Array[]): Uint8Array {
  const shut = new Uint8Array(days);
  for (let t = 0; t < days; t++) {
    shut[t] = 1;
    for (const d of demand) {
      if (d[t]! > 0) {
        shut[t] = 0;
        break;
      }
    }
  }
  const startDow = dayOfWeek(start);
  const shutCount = new Float64Array(7);
  const count = new Float64Array(7);
  for (let t = 0; t < days; t++) {
    const w = (startDow + t) % 7;
    count[w]!++;
    shutCount[w]! += shut[t]!;
  }
  const closed = new Uint8Array(days);
  for (let t = 0; t < days; t++) {
    const w = (startDow + t) % 7;
    if (shut[t] && shutCount[w]! < WEEKLY_CLOSURE_SHARE * count[w]!) closed[t] = 1;
  }
  return closed;
}

export function dayAt(data: DemandData, t: number): string {
  return addDays(data.start, t);
}
