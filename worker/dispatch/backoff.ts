// Retry timing for deliveries. A destination that said when to come back (429 Retry-After,
// Discord's retry_after, SendGrid's X-RateLimit-Reset) gets exactly that; anything else backs off
// exponentially with "equal jitter" (half fixed, half random), so a burst of failures against one
// provider does not come back as a synchronized burst.
import type { BackoffStrategy } from "bullmq";

export const DELIVERY_BACKOFF = "delivery";

// Thrown by a delivery job to be retried; its message is the provider's scrubbed error.
export class RetryLater extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = "RetryLater";
    this.retryAfterMs = retryAfterMs;
  }
}

export function backoffDelay(
  attemptsMade: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

export function deliveryBackoff(baseMs: number, maxMs: number): BackoffStrategy {
  return (attemptsMade, _type, err) => {
    if (err instanceof RetryLater && err.retryAfterMs !== undefined)
      return Math.max(0, err.retryAfterMs);
    return backoffDelay(attemptsMade, baseMs, maxMs);
  };
}
