// The part of Shopify's search syntax our queries use: `field:value` terms joined by spaces or
// AND (and groups of them joined by OR, which binds looser), with comparators (>, >=, <, <=), quoted values, and a leading `-` to negate. Dates without a
// time are read in the shop's time zone, as Shopify does. Unknown fields are ignored, like Shopify.
import { DAY_MS, localMidnight } from "./time.ts";

export type Comparator = ":" | ">" | ">=" | "<" | "<=";
export type Term = { field: string | null; op: Comparator; value: string; negate: boolean };

const TERM = /(-)?(?:([a-z_]+):(>=|<=|>|<)?)?("([^"]*)"|'([^']*)'|\S+)/gi;

export function parseSearch(query: string | null | undefined): Term[] {
  const terms: Term[] = [];
  if (!query) return terms;
  for (const m of query.matchAll(TERM)) {
    const raw = m[5] ?? m[6] ?? m[4]!;
    if (!m[2] && /^(AND)$/i.test(raw)) continue;
    terms.push({
      field: m[2]?.toLowerCase() ?? null,
      op: (m[3] as Comparator | undefined) ?? ":",
      value: raw,
      negate: m[1] === "-",
    });
  }
  return terms;
}

export type FieldKind = "date" | "number" | "string" | "text";
export type FieldSpec<T> = { kind: FieldKind; get: (item: T) => string | number | null };
export type SearchSpec<T> = { fields: Record<string, FieldSpec<T>>; text?: (item: T) => string };

function parseDate(value: string, timeZone: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return localMidnight(timeZone, value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`invalid date ${value}`);
  return t;
}

function compare(a: number | string, b: number | string, op: Comparator): boolean {
  switch (op) {
    case ":":
      return a === b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

/** A predicate for the query, or null when it filters nothing. */
export function searchFilter<T>(
  query: string | null | undefined,
  spec: SearchSpec<T>,
  timeZone: string,
): ((item: T) => boolean) | null {
  const groups = (query ?? "").split(/\s+OR\s+/);
  if (groups.length > 1) {
    const filters = groups.map((g) => allOf(g, spec, timeZone));
    if (filters.some((f) => f === null)) return null; // one group matches everything
    return (item) => filters.some((f) => f!(item));
  }
  return allOf(query, spec, timeZone);
}

function allOf<T>(
  query: string | null | undefined,
  spec: SearchSpec<T>,
  timeZone: string,
): ((item: T) => boolean) | null {
  const tests: ((item: T) => boolean)[] = [];
  for (const term of parseSearch(query)) {
    let test: ((item: T) => boolean) | null = null;
    if (term.field === null) {
      const needle = term.value.toLowerCase();
      const text = spec.text;
      if (text) test = (item) => text(item).toLowerCase().includes(needle);
    } else {
      const field = spec.fields[term.field];
      if (!field) continue;
      if (field.kind === "date") {
        const bound = parseDate(term.value, timeZone);
        // A bare date with ":" means that whole day.
        if (term.op === ":" && /^\d{4}-\d{2}-\d{2}$/.test(term.value)) {
          const end = bound + DAY_MS;
          test = (item) => {
            const v = field.get(item);
            return v !== null && Number(v) >= bound && Number(v) < end;
          };
        } else {
          test = (item) => {
            const v = field.get(item);
            return v !== null && compare(Number(v), bound, term.op);
          };
        }
      } else if (field.kind === "number") {
        const bound = Number(term.value.replace(/^gid:\/\/shopify\/\w+\//, ""));
        test = (item) => {
          const v = field.get(item);
          return v !== null && compare(Number(v), bound, term.op);
        };
      } else {
        const needle = term.value.toLowerCase();
        const wildcard = needle.endsWith("*");
        const stem = wildcard ? needle.slice(0, -1) : needle;
        test = (item) => {
          const v = field.get(item);
          if (v === null) return false;
          const s = String(v).toLowerCase();
          if (field.kind === "text") return s.includes(stem);
          return wildcard ? s.startsWith(stem) : compare(s, stem, term.op);
        };
      }
    }
    if (!test) continue;
    const t = test;
    tests.push(term.negate ? (item) => !t(item) : t);
  }
  if (tests.length === 0) return null;
  return (item) => tests.every((t) => t(item));
}
