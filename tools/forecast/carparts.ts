// Adapter for the carparts data (Hyndman et al. 2008): monthly sales of 2,674 car parts in a
// wide layout (`Part,Jan-98,…,Mar-02`). The engine and the backtest work on days, so each
// month's units are spread over that month's calendar days, every unit on a uniformly random
// day (seeded per part). Monthly totals are the real data; the day within the month is not.
// Series with empty cells (165 parts whose record stops after 12–14 months: missing, not zero)
// are left out, because the scored origins lie in the months they lack.
import { daysBetween } from "../../domain/forecast/dates.ts";
import { CsvError, parseCsv } from "./csv.ts";
import { finishData, type DemandData } from "./demand-data.ts";
import { hashString, seededRandom } from "./random.ts";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function isCarpartsHeader(firstLine: string): boolean {
  return /^"?part"?\s*,\s*"?[a-z]{3}-\d{2}"?/i.test(firstLine.trim());
}

export function parseCarparts(text: string, file: string, seed: number): DemandData {
  const { header, rows } = parseCsv(text, file);
  const months = header.slice(1).map((h) => {
    const m = /^([a-z]{3})-(\d{2})$/.exec(h);
    const month = m ? MONTHS.indexOf(m[1]!) : -1;
    if (!m || month < 0) throw new CsvError(file, 1, `column "${h}" is not a month like Jan-98`);
    const yy = Number(m[2]);
    return { year: yy < 50 ? 2000 + yy : 1900 + yy, month };
  });
  const iso = (y: number, m: number) => `${y}-${String(m + 1).padStart(2, "0")}-01`;
  const start = iso(months[0]!.year, months[0]!.month);
  const bounds = months.map(({ year, month }) => {
    const from = daysBetween(start, iso(year, month));
    const next = month === 11 ? iso(year + 1, 0) : iso(year, month + 1);
    return { from, length: daysBetween(iso(year, month), next) };
  });
  const days = bounds[bounds.length - 1]!.from + bounds[bounds.length - 1]!.length;

  const skus: string[] = [];
  const demand: Float64Array[] = [];
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      throw new CsvError(file, r.line, `expected ${header.length} fields, got ${r.fields.length}`);
    }
    const part = r.fields[0]!.trim();
    const cells = r.fields.slice(1).map((c) => c.trim());
    if (cells.some((c) => c === "")) continue;
    const series = new Float64Array(days);
    const rnd = seededRandom(hashString(part) ^ seed);
    cells.forEach((c, m) => {
      const units = Number(c);
      if (!Number.isInteger(units) || units < 0) {
        throw new CsvError(file, r.line, `month ${header[m + 1]} has "${c}", not a count`);
      }
      const { from, length } = bounds[m]!;
      for (let u = 0; u < units; u++) series[from + Math.floor(rnd() * length)]!++;
    });
    skus.push(part);
    demand.push(series);
  }
  return finishData(file, start, days, skus, demand, new Float64Array(skus.length));
}
