// The worker's alert clock. Quiet hours and digests are wall-clock rules in the shop's time zone;
// tests and the demo shift this clock (ALERT_CLOCK_OFFSET_MS, refused in production) to reach a
// quiet-hours end or a digest hour in seconds. Durations (job delays) stay real milliseconds.
export type Clock = { now(): Date; offsetMs: number };

export function clockWithOffset(offsetMs = 0): Clock {
  return { now: () => new Date(Date.now() + offsetMs), offsetMs };
}

export const systemClock: Clock = clockWithOffset(0);
