// Reads `date,sku,units,on_hand_end` (one row per SKU per day, any column order, extra columns
// ignored) into demand histories as of a given day:
// - `units` sold that day (net: a negative value, returns, counts as no sale);
// - `on_hand_end` is the stock left at the end of the day; ≤ 0 means out of stock that day,
//   so the day is censored; the stock now is the as-of row's `on_hand_end`;
// - rows after the as-of day are ignored (the same file can be replayed at several dates);
// - a day missing between two rows counts as no sales, with the previous day's stock carried
//   over (censored if that was ≤ 0); a SKU without a row on the as-of day keeps its last stock;
// - at most the last 365 days are used.
// Malformed rows stop the run with the file, line and problem.
import { addDays, daysBetween } from "../../domain/forecast/dates.ts";
import type { DemandHistory } from "../../domain/forecast/types.ts";
import { columns, CsvError, eachCsvRow, isDay } from "./csv.ts";

export const MAX_HISTORY_DAYS = 365;

export type SkuHistory = { sku: string; history: DemandHistory; lastRow: string };

type Row = { line: number; day: number; units: number; onHand: number };

function number(text: string | undefined, what: string, file: string, line: number): number {
  const t = (text ?? "").trim();
  const v = t === "" ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new CsvError(file, line, `${what} must be a number, got "${t}"`);
  return v;
}

export function readHistories(text: string, file: string, asOf: string): SkuHistory[] {
  if (!isDay(asOf)) throw new Error(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  const bySku = new Map<string, Row[]>();
  // A history repeats a few hundred dates over hundreds of thousands of rows: each date is
  // checked and converted once (null: not a date).
  const days = new Map<string, number | null>();
  let col: Record<"date" | "sku" | "units" | "on_hand_end", number> | undefined;
  let width = 0;
  const header = eachCsvRow(text, file, (fields, line, header) => {
    if (!col) {
      col = columns(header, ["date", "sku", "units", "on_hand_end"] as const, file);
      width = Math.max(col.date, col.sku, col.units, col.on_hand_end) + 1;
    }
    if (fields.length < width) {
      throw new CsvError(file, line, `expected at least ${width} fields, got ${fields.length}`);
    }
    const date = fields[col.date]!.trim();
    let day = days.get(date);
    if (day === undefined) days.set(date, (day = isDay(date) ? daysBetween(asOf, date) : null));
    if (day === null) throw new CsvError(file, line, `date must be YYYY-MM-DD, got "${date}"`);
    const sku = fields[col.sku]!.trim();
    if (sku === "") throw new CsvError(file, line, "sku is empty");
    const units = number(fields[col.units], "units", file, line);
    const onHand = number(fields[col.on_hand_end], "on_hand_end", file, line);
    if (day > 0) return;
    let list = bySku.get(sku);
    if (!list) bySku.set(sku, (list = []));
    list.push({ line, day, units, onHand });
  });
  // A file with a header and no rows still has to name the columns.
  columns(header, ["date", "sku", "units", "on_hand_end"] as const, file);

  const out: SkuHistory[] = [];
  for (const [sku, list] of bySku) {
    list.sort((a, b) => a.day - b.day || a.line - b.line);
    for (let k = 1; k < list.length; k++) {
      if (list[k]!.day === list[k - 1]!.day) {
        const date = addDays(asOf, list[k]!.day);
        throw new CsvError(
          file,
          list[k]!.line,
          `second row for sku ${sku} on ${date} (first on line ${list[k - 1]!.line})`,
        );
      }
    }
    const first = Math.max(list[0]!.day, -(MAX_HISTORY_DAYS - 1));
    const n = 1 - first;
    const units = new Float64Array(n);
    const censored = new Uint8Array(n);
    let k = 0;
    let stock = NaN;
    // Rows before the window only set the stock carried into it.
    while (k < list.length && list[k]!.day < first) stock = list[k++]!.onHand;
    for (let i = 0; i < n; i++) {
      const row = list[k]?.day === first + i ? list[k++] : undefined;
      if (row) {
        units[i] = Math.max(0, row.units);
        stock = row.onHand;
      }
      censored[i] = stock <= 0 ? 1 : 0;
    }
    const last = list[list.length - 1]!;
    out.push({
      sku,
      lastRow: addDays(asOf, last.day),
      history: {
        asOf,
        units,
        censored,
        firstDay: 0,
        available: last.onHand,
        tracked: true,
        price: 0,
      },
    });
  }
  return out.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
