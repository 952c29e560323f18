// Alert rules, episodes, routing and digests: the pure half of alerting. The worker loads
// state, calls these, and persists the decisions.
export * from "./types.ts";
export * from "./severity.ts";
export * from "./revenue.ts";
export * from "./rules.ts";
export * from "./episodes.ts";
export * from "./quiet-hours.ts";
export * from "./digest.ts";
export * from "./routing.ts";
export { instantAt, localTime, weekdayOf, isValidTimeZone, type LocalTime } from "./zoned-time.ts";
