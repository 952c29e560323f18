import { describe, expect, it } from "vitest";
import { backoffDelay, deliveryBackoff, RetryLater } from "./backoff.ts";

describe("delivery back-off", () => {
  it("doubles per attempt, with up to half of it random, and stops at the cap", () => {
    expect(backoffDelay(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1_000, 60_000, () => 1)).toBe(1_000);
    expect(backoffDelay(4, 1_000, 60_000, () => 0.5)).toBe(6_000);
    expect(backoffDelay(20, 1_000, 60_000, () => 1)).toBe(60_000);
  });

  it("waits exactly as long as the destination asked", () => {
    const strategy = deliveryBackoff(1_000, 60_000);
    expect(strategy(3, "delivery", new RetryLater("Discord rate limit", 1_234))).toBe(1_234);
    const blind = strategy(3, "delivery", new RetryLater("SendGrid 503")) as number;
    expect(blind).toBeGreaterThanOrEqual(2_000);
    expect(blind).toBeLessThanOrEqual(4_000);
  });
});
