// "Send test alert": one sample alert through the channel's real destination, answered live to
// the merchant waiting in the dashboard. No retries and no breaker — the merchant wants to see
// what the destination says right now. A success re-enables a channel marked unhealthy (they
// fixed it); a permanent refusal marks it unhealthy.
import type { Job } from "bullmq";
import { deliver, renderTestAlert } from "../../channels/index.ts";
import { dayInZone } from "../../domain/forecast/index.ts";
import type { DeliveryJob } from "../../infra/queues.ts";
import { loadShop, shopView } from "./alert-view.ts";
import { loadChannel } from "./channels.ts";
import type { DispatchContext } from "./context.ts";
import { resolveDestination } from "./destination.ts";
import { markHealthy, markUnhealthy, recordAttempt } from "./log-rows.ts";

type Data = Extract<DeliveryJob, { kind: "test" }>;

export type TestAlertOutcome = {
  ok: boolean;
  status?: number;
  error?: string;
  durationMs?: number;
  retryAfterMs?: number;
  healthy: boolean; // the channel's health after this test
};

const MAX_PACING_WAIT_MS = 5_000;

export async function runTestJob(
  ctx: DispatchContext,
  job: Job<DeliveryJob>,
): Promise<TestAlertOutcome> {
  const { shopId, channelId } = job.data as Data;
  const db = ctx.db.pool;
  const [channel, shop] = await Promise.all([
    loadChannel(db, shopId, channelId),
    loadShop(db, shopId),
  ]);
  if (!channel || !shop) return { ok: false, error: "no such channel", healthy: false };
  const dest = resolveDestination(channel, ctx.sender);
  if (!dest.ok) {
    await recordAttempt(db, {
      shopId,
      notificationId: null,
      channelId,
      kind: channel.kind,
      outcome: "test",
      error: dest.error,
    });
    return { ok: false, error: dest.error, healthy: channel.healthy };
  }
  // Stay within the destination's rate limit: wait briefly rather than earn a 429.
  for (let waited = 0; waited < MAX_PACING_WAIT_MS;) {
    const wait = await ctx.pace(dest.limits);
    if (wait === 0) break;
    await new Promise((r) => setTimeout(r, wait));
    waited += wait;
  }
  const now = ctx.clock.now();
  const message = renderTestAlert(
    channel.kind,
    shopView(shop, ctx.appHandle, channel.language),
    now,
    dayInZone(now, shop.timezone),
  );
  const out = await deliver(dest.destination, message, {
    ...ctx.sender.transport,
    timeoutMs: ctx.timeoutMs,
  });
  await recordAttempt(db, {
    shopId,
    notificationId: null,
    channelId,
    kind: channel.kind,
    outcome: "test",
    result: out,
  });
  let healthy = channel.healthy;
  if (out.ok && !channel.healthy) {
    await markHealthy(db, shopId, channelId);
    healthy = true;
  } else if (!out.ok && out.permanent === "unhealthy") {
    await markUnhealthy(db, shopId, channelId, out.error);
    healthy = false;
  }
  ctx.log.info(
    { shopId, channelId, kind: channel.kind, ok: out.ok, status: out.status },
    "test alert",
  );
  return out.ok
    ? { ok: true, status: out.status, durationMs: out.durationMs, healthy }
    : {
        ok: false,
        ...(out.status !== undefined ? { status: out.status } : {}),
        error: out.error,
        durationMs: out.durationMs,
        ...(out.retryAfterMs !== undefined ? { retryAfterMs: out.retryAfterMs } : {}),
        healthy,
      };
}
