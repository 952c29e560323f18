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
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && lines[h]!.trim() === "") h++;
  if (h === lines.length) throw new CsvError(file, 1, "the file is empty (a header is required)");
  const header = splitCsvLine(lines[h]!.replace(/^\uFEFF/, ""), file, h + 1).map((c) =>
    c.trim().toLowerCase(),
  );
  const rows: CsvRow[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === "") continue;
    rows.push({ line: i + 1, fields: splitCsvLine(text, file, i + 1) });
  }
  return { header, rows };
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
