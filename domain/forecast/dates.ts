// Calendar-day arithmetic on YYYY-MM-DD strings (UTC-based, so no DST surprises).
const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

// Today's calendar date in an IANA time zone.
export function dayInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

// 0 = Sunday … 6 = Saturday, like Date#getUTCDay. Batches ask for the same day thousands of
// times, so the last answer is kept.
let lastDay = "";
let lastDow = 0;
export function dayOfWeek(day: string): number {
  if (day !== lastDay) {
    lastDow = new Date(Date.parse(`${day}T00:00:00Z`)).getUTCDay();
    lastDay = day;
  }
  return lastDow;
}

// addDays(day, n) for n = 0..365, memoised per day: a batch formats three dates per variant
// from the same as-of date.
let memoDay = "";
const memo: Array<string | undefined> = [];
export function dayAfter(day: string, n: number): string {
  if (day !== memoDay) {
    memo.length = 0;
    memoDay = day;
  }
  if (n < 0 || n > 366) return addDays(day, n);
  return (memo[n] ??= addDays(day, n));
}
