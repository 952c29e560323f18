// One send through the shared guards: the destination's pacing windows (its kind's rate limits),
// then its circuit breaker, then the channel module (one attempt, classified outcome).
import {
  deliver,
  type Destination,
  type Limit,
  type Rendered,
  type SendOutcome,
} from "../../channels/index.ts";
import type { DispatchContext } from "./context.ts";

export type SendResult =
  | { kind: "paced"; waitMs: number }
  | { kind: "breaker_open"; retryInMs: number }
  | { kind: "done"; outcome: SendOutcome };

export async function sendGuarded(
  ctx: DispatchContext,
  destination: { destination: Destination; key: string; limits: Limit[] },
  message: Rendered,
): Promise<SendResult> {
  const waitMs = await ctx.pace(destination.limits);
  if (waitMs > 0) return { kind: "paced", waitMs };
  const r = await ctx.breakers.run(destination.key, () =>
    deliver(destination.destination, message, {
      ...ctx.sender.transport,
      timeoutMs: ctx.timeoutMs,
    }),
  );
  return r.open
    ? { kind: "breaker_open", retryInMs: r.retryInMs }
    : { kind: "done", outcome: r.outcome };
}
