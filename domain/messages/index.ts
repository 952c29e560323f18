// What every message says, before any format: the alert view, its plain-words copy, formatting,
// escaping and the digest's shared lines. Each channel kind renders them (channels/<kind>/render.ts).
import { sampleAlertView } from "./sample.ts";

export * from "./view.ts";
export * from "./copy.ts";
export * from "./format.ts";
export * from "./escape.ts";
export * from "./digest.ts";
export { sampleAlertView };
