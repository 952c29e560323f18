// The test and demo hooks (local fakes, private webhook targets, a shifted clock) must never be
// switched on in production: validation refuses to boot, naming the variable.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.ts";

const base = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/radar",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://radar.example.com",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

const testOnly: Record<string, string> = {
  DISCORD_API_BASE: "http://127.0.0.1:4100/api",
  SENDGRID_API_BASE: "http://127.0.0.1:4101/",
  TELEGRAM_API_BASE: "http://127.0.0.1:4102",
  TWILIO_API_BASE: "http://127.0.0.1:4103",
  GOOGLE_API_BASE: "http://127.0.0.1:4104",
  ALLOW_PRIVATE_WEBHOOK_TARGETS: "1",
  ALERT_CLOCK_OFFSET_MS: "3600000",
};

function refusal(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as Error).message;
  }
  throw new Error("expected the environment to be refused");
}

describe("alert delivery environment", () => {
  it.each(Object.entries(testOnly))("refuses %s when NODE_ENV=production", (name, value) => {
    const message = refusal({ ...base, NODE_ENV: "production", [name]: value });
    expect(message).toContain(`${name}: is for tests and the local demo only`);
  });

  it("accepts the same hooks in tests and development", () => {
    for (const NODE_ENV of ["test", "development"]) {
      const env = parseEnv({ ...base, NODE_ENV, ...testOnly });
      expect(env.DISCORD_API_BASE).toBe(testOnly.DISCORD_API_BASE);
      expect(env.ALLOW_PRIVATE_WEBHOOK_TARGETS).toBe(true);
      expect(env.ALERT_CLOCK_OFFSET_MS).toBe(3_600_000);
    }
  });

  it("production without them boots with the delivery defaults", () => {
    const env = parseEnv({ ...base, NODE_ENV: "production" });
    expect(env.ALLOW_PRIVATE_WEBHOOK_TARGETS).toBe(false);
    expect(env.DISCORD_API_BASE).toBeUndefined();
    expect(env.ALERT_CLOCK_OFFSET_MS).toBeUndefined();
    expect(env.APP_HANDLE).toBe("stockout-radar");
    expect(env.ALERT_SEND_TIMEOUT_MS).toBe(10_000);
  });

  it("an app-level SendGrid key needs a verified sender address", () => {
    const message = refusal({ ...base, SENDGRID_API_KEY: "SG.abcdefghij.klmnopqrstu" });
    expect(message).toContain("ALERT_FROM_EMAIL");
    const env = parseEnv({
      ...base,
      SENDGRID_API_KEY: "SG.abcdefghij.klmnopqrstu",
      ALERT_FROM_EMAIL: "alerts@radar.example.com",
    });
    expect(env.ALERT_FROM_NAME).toBe("Stockout radar");
  });
});
