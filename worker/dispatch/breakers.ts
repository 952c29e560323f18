// One circuit breaker per destination (cockatiel), per worker process. Only failures that say
// "the destination is struggling" count: 5xx, timeouts and connection errors. A 429 means it is
// alive and pacing us (we wait as told); a 4xx that marks the channel unhealthy stops sends on its
// own. While a breaker is open, sends to that destination are not attempted: the notification
// waits for the half-open probe, or goes to the channel's fallback.
import {
  BrokenCircuitError,
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
} from "cockatiel";
import type { SendOutcome } from "../../channels/index.ts";

export class CountedFailure extends Error {
  readonly outcome: Extract<SendOutcome, { ok: false }>;
  constructor(outcome: Extract<SendOutcome, { ok: false }>) {
    super(outcome.error);
    this.outcome = outcome;
  }
}

export type BreakerResult =
  { open: false; outcome: SendOutcome } | { open: true; retryInMs: number };

export type Breakers = {
  run(key: string, send: () => Promise<SendOutcome>): Promise<BreakerResult>;
  onOpen(listener: (key: string) => void): void;
};

export function createBreakers(o: { failures: number; halfOpenAfterMs: number }): Breakers {
  const byKey = new Map<string, { policy: CircuitBreakerPolicy; openedAt: number }>();
  const listeners: ((key: string) => void)[] = [];

  const get = (key: string) => {
    let b = byKey.get(key);
    if (!b) {
      const policy = circuitBreaker(
        handleWhen((err) => err instanceof CountedFailure),
        { halfOpenAfter: o.halfOpenAfterMs, breaker: new ConsecutiveBreaker(o.failures) },
      );
      const entry = { policy, openedAt: 0 };
      policy.onBreak(() => {
        entry.openedAt = Date.now();
        for (const l of listeners) l(key);
      });
      byKey.set(key, (b = entry));
    }
    return b;
  };

  return {
    async run(key, send) {
      const b = get(key);
      try {
        const outcome = await b.policy.execute(async () => {
          const out = await send();
          if (!out.ok && out.retryable && out.status !== 429) throw new CountedFailure(out);
          return out;
        });
        return { open: false, outcome };
      } catch (err) {
        if (err instanceof CountedFailure) return { open: false, outcome: err.outcome };
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
          // Half-open with a probe already in flight counts as open too: try again shortly.
          const left = b.openedAt + o.halfOpenAfterMs - Date.now();
          return { open: true, retryInMs: Math.max(100, left) };
        }
        throw err;
      }
    },
    onOpen(listener) {
      listeners.push(listener);
    },
  };
}
