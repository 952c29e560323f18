// Structured JSON logs. Secrets are redacted by key name as a second line of defence: code must
// never pass them in the first place.
import { pino, type Logger } from "pino";

export type { Logger };

const redact = [
  "accessToken",
  "refreshToken",
  "apiKey",
  "secret",
  "webhookUrl",
  "url",
  "authorization",
  "*.accessToken",
  "*.refreshToken",
  "*.apiKey",
  "*.secret",
  "*.webhookUrl",
  "*.authorization",
  'headers["x-shopify-hmac-sha256"]',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service }, redact: { paths: redact, censor: "[redacted]" } });
}

export const log = createLogger(process.env.RADAR_SERVICE ?? "radar");
