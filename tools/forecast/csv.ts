// Minimal CSV reading for the forecasting tools: one record per line (no line breaks inside
// fields), double-quoted fields allowed, and every error names the file and line.
export class CsvError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = "CsvError";
  }
}

export type CsvRow = { line: number; fields: string[] };

export function splitCsvLine(text: string, file: string, line: number): string[] {
  if (!text.includes('"')) return text.split(",");
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvError(file, line, "unterminated quoted field");
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
      if (i < text.length && text[i] !== ",") {
        throw new CsvError(file, line, "text after a closing quote");
      }
    } else {
      const c = text.indexOf(",", i);
      field = text.slice(i, c < 0 ? text.length : c);
      i = c < 0 ? text.length : c;
    }
    out.push(field);
    if (i >= text.length) return out;
    i++; // the comma
  }
}

// The header (lower-cased, trimmed) and the non-blank data rows with their 1-based line numbers.
export function parseCsv(text: string, file: string): { header: string[]; rows: CsvRow[] } {
  const rows: CsvRow[] = [];
  const header = eachCsvRow(text, file, (fields, line) => rows.push({ line, fields }));
  return { header, rows };
}

// The same, one row at a time (a large file is not held twice in memory): calls `row` for each
// non-blank data row and returns the header.
export function eachCsvRow(
  text: string,
  file: string,
  row: (fields: string[], line: number, header: string[]) => void,
): string[] {
  let header: string[] | null = null;
  let line = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    line++;
    const raw =
      text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (raw.trim() === "") continue;
    if (header === null) {
      header = splitCsvLine(raw.replace(/^\uFEFF/, ""), file, line).map((c) =>
        c.trim().toLowerCase(),
      );
    } else row(splitCsvLine(raw, file, line), line, header);
  }
  if (header === null) throw new CsvError(file, 1, "the file is empty (a header is required)");
  return header;
}

// Column positions for the required names; throws naming the missing ones.
export function columns<const N extends string>(
  header: string[],
  names: readonly N[],
  file: string,
): Record<N, number> {
  const missing = names.filter((n) => !header.includes(n));
  if (missing.length > 0) {
    throw new CsvError(
      file,
      1,
      `missing column(s) ${missing.join(", ")}; the header must name ${names.join(",")}`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, header.indexOf(n)])) as Record<N, number>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}
