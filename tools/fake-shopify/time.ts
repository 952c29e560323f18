// Calendar arithmetic in the shop's time zone, with Intl only (no tz database dependency).

export const DAY_MS = 86_400_000;

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

/** Offset of the zone from UTC at the given instant, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - (at - (at % 1000));
}

/** The local calendar date of an instant, as "YYYY-MM-DD". */
export function localDate(timeZone: string, at: number): string {
  return new Date(at + zoneOffsetMs(timeZone, at)).toISOString().slice(0, 10);
}

/** The instant of local midnight starting the given "YYYY-MM-DD". */
export function localMidnight(timeZone: string, date: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let at = guess - zoneOffsetMs(timeZone, guess);
  // A second pass settles days where the offset changes (DST) between the guess and the answer.
  at = guess - zoneOffsetMs(timeZone, at);
  return at;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a "YYYY-MM-DD". */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Shopify's timestamp style: second precision with the shop's offset, e.g. 2026-11-20T09:15:02-05:00. */
export function shopTimestamp(timeZone: string, at: number): string {
  const offset = zoneOffsetMs(timeZone, at);
  const local = new Date(at + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/** GraphQL DateTime style: UTC, second precision, e.g. 2026-11-20T14:15:02Z. */
export function isoUtc(at: number): string {
  return new Date(at - (at % 1000)).toISOString().replace(".000Z", "Z");
}
