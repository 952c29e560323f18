// Wall-clock time in a shop's IANA time zone, using only Intl (no tz database of our own).
// Quiet hours and digests are defined in local time; deliveries are scheduled as instants.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export type LocalTime = {
  date: string; // YYYY-MM-DD
  minutes: number; // minutes after local midnight
  weekday: number; // 0 = Sunday … 6 = Saturday
};

// The wall-clock reading of an instant, expressed as milliseconds "as if UTC".
function wallMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const wall = wallMs(Math.floor(instant.getTime() / 1000) * 1000, timeZone);
  const d = new Date(wall);
  return {
    date: d.toISOString().slice(0, 10),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const DAY_MS = 86_400_000;

// The instant at which the local clock shows `date` + `minutes`.
// Nonexistent times (spring-forward gap) move forward by the gap: 02:30 becomes 03:30.
// Ambiguous times (fall-back overlap) resolve to the first occurrence.
// Assumes at most one offset change within a day either side, true of every real zone.
export function instantAt(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const offsetBefore = wallMs(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const offsetAfter = wallMs(wall + DAY_MS, timeZone) - (wall + DAY_MS);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((t) => wallMs(t, timeZone) === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - offsetBefore);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
