// Quiet hours in the shop's time zone. A notification that falls inside them waits for their
// end; it is not dropped.
import { addDays } from "../forecast/dates.ts";
import { instantAt, localTime } from "./zoned-time.ts";

export type QuietHours = { start: number | null; end: number | null }; // minutes after midnight

// The instant quiet hours end, when `now` is inside them; otherwise null.
// Windows may wrap midnight (22:00–07:00). Equal start and end means no quiet hours.
export function quietHoursEnd(now: Date, timeZone: string, q: QuietHours): Date | null {
  const { start, end } = q;
  if (start === null || end === null || start === end) return null;
  const { date, minutes } = localTime(now, timeZone);
  if (start < end) {
    return minutes >= start && minutes < end ? instantAt(date, end, timeZone) : null;
  }
  if (minutes >= start) return instantAt(addDays(date, 1), end, timeZone);
  if (minutes < end) return instantAt(date, end, timeZone);
  return null;
}
