// Sends one alert notification (episode step × channel). At most one sender works on a row at a
// time (a lease in Postgres); the row's status is the truth a retried or duplicated job checks
// first, so a notification that was sent is never sent again by a later job.
//
// Outcomes: sent → 'sent'. Retryable (5xx, timeout, 429) → the job is retried, after exactly the
// destination's Retry-After when it gave one, else exponential back-off with jitter; the last
// attempt fails the row. Permanent (webhook deleted, key revoked) → the channel is marked
// unhealthy and the row 'failed'. Whenever a row fails, or the destination's breaker is open,
// the channel's fallback (if any) gets the step instead.
import type { Job } from "bullmq";
import type { SendOutcome } from "../../channels/index.ts";
import { renderAlert } from "../../channels/index.ts";
import { isLastAttempt, type DeliveryJob } from "../../infra/queues.ts";
import {
  alertViewOf,
  loadNotifications,
  loadShop,
  shopView,
  type NotificationRow,
} from "./alert-view.ts";
import { backoffDelay, RetryLater } from "./backoff.ts";
import { loadChannel } from "./channels.ts";
import { delayJob, leaseSeconds, type DispatchContext } from "./context.ts";
import { resolveDestination } from "./destination.ts";
import { handToFallback } from "./fallback.ts";
import { markUnhealthy, recordAttempt, type AttemptOutcome } from "./log-rows.ts";
import { sendGuarded } from "./send.ts";

type Data = Extract<DeliveryJob, { kind: "notification" }>;

export async function runNotificationJob(
  ctx: DispatchContext,
  job: Job<DeliveryJob>,
  token: string | undefined,
): Promise<string> {
  const { shopId, notificationId } = job.data as Data;
  const db = ctx.db.pool;
  const [n] = await loadNotifications(db, shopId, [notificationId]);
  if (!n) return "gone";
  if (n.status !== "pending") return n.status;

  const now = ctx.clock.now();
  if (n.not_before && n.not_before.getTime() > now.getTime())
    return delayJob(job, token, n.not_before.getTime() - now.getTime());
  // Quiet hours outlasted the condition: nobody needs to hear about it any more.
  if (n.episode_state === "resolved" && n.step !== "resolve")
    return finish(ctx, n, "suppressed", "resolved before it could be sent");

  const [channel, shop] = await Promise.all([
    loadChannel(db, shopId, n.channel_id),
    loadShop(db, shopId),
  ]);
  if (!channel || !channel.enabled || !shop || shop.status !== "installed")
    return finish(ctx, n, "suppressed", "channel disabled or shop uninstalled");
  if (!channel.healthy) {
    const handed = await handToFallback(ctx, n, channel, shop.timezone);
    return finish(ctx, n, handed ? "parked" : "failed", "channel unhealthy");
  }
  const view = alertViewOf(n, shopView(shop, ctx.appHandle, channel.language));
  if (!view) return finish(ctx, n, "failed", "episode has no facts to render");
  const attempt = (outcome: AttemptOutcome, what: { result: SendOutcome } | { error: string }) =>
    recordAttempt(db, {
      shopId,
      notificationId: n.id,
      channelId: channel.id,
      kind: channel.kind,
      outcome,
      ...what,
    });
  const dest = resolveDestination(channel, ctx.sender);
  if (!dest.ok) {
    await markUnhealthy(db, shopId, channel.id, dest.error);
    await attempt("failed", { error: dest.error });
    await handToFallback(ctx, n, channel, shop.timezone);
    return finish(ctx, n, "failed", dest.error);
  }

  if (!(await claim(ctx, n))) return "busy";
  let sent = false;
  try {
    const r = await sendGuarded(ctx, dest, renderAlert(channel.kind, view));
    if (r.kind === "paced") {
      await release(ctx, n);
      return await delayJob(job, token, r.waitMs);
    }
    if (r.kind === "breaker_open") {
      await attempt("breaker_open", { error: "circuit breaker open" });
      if (await handToFallback(ctx, n, channel, shop.timezone))
        return await finish(ctx, n, "parked", "circuit breaker open; sent to the fallback channel");
      await release(ctx, n, "circuit breaker open");
      return await delayJob(job, token, r.retryInMs);
    }
    const out = r.outcome;
    sent = true;
    if (out.ok) {
      await attempt("sent", { result: out });
      await db.query(
        `UPDATE alert_notifications SET status = 'sent', sent_at = now(), provider_id = $3, last_error = NULL,
                attempts = attempts + 1, lease_until = NULL
         WHERE shop_id = $1 AND id = $2`,
        [shopId, n.id, out.providerId ?? null],
      );
      ctx.log.info(
        {
          shopId,
          notificationId: n.id,
          channelId: channel.id,
          kind: channel.kind,
          step: n.step,
          status: out.status,
          ms: out.durationMs,
        },
        "alert sent",
      );
      return "sent";
    }
    if (out.permanent === "unhealthy" || !out.retryable || isLastAttempt(job)) {
      await attempt("failed", { result: out });
      if (out.permanent === "unhealthy") {
        await markUnhealthy(db, shopId, channel.id, out.error);
        ctx.log.warn(
          { shopId, channelId: channel.id, kind: channel.kind, status: out.status, err: out.error },
          "channel marked unhealthy",
        );
      }
      await handToFallback(ctx, n, channel, shop.timezone);
      return await finish(ctx, n, "failed", out.error, true);
    }
    await attempt("retry", { result: out });
    // Retry after exactly what the destination asked for, else back off; until then the row is
    // leased, so the delivery sweeper leaves it to this job's retry.
    const delayMs =
      out.retryAfterMs ?? backoffDelay(job.attemptsMade + 1, ctx.retryBaseMs, ctx.retryMaxMs);
    await release(ctx, n, out.error, true, delayMs);
    ctx.log.info(
      {
        shopId,
        notificationId: n.id,
        channelId: channel.id,
        kind: channel.kind,
        status: out.status,
        retryAfterMs: out.retryAfterMs,
        attempt: job.attemptsMade + 1,
        err: out.error,
      },
      "alert send failed; will retry",
    );
    throw new RetryLater(out.error, delayMs);
  } catch (err) {
    // Unexpected errors (Postgres, Redis) leave the row pending for the retried job; after the
    // last attempt it fails, so it never sits 'pending' behind a failed job's id.
    if (!(err instanceof RetryLater) && (err as Error)?.name !== "DelayedError") {
      await (
        isLastAttempt(job)
          ? finish(
              ctx,
              n,
              "failed",
              `delivery error: ${String((err as Error)?.message ?? err)}`,
              sent,
            )
          : release(ctx, n, undefined, sent)
      ).catch(() => {});
    }
    throw err;
  }
}

async function claim(ctx: DispatchContext, n: NotificationRow): Promise<boolean> {
  const r = await ctx.db.pool.query(
    `UPDATE alert_notifications SET lease_until = now() + make_interval(secs => $3)
     WHERE shop_id = $1 AND id = $2 AND status = 'pending' AND (lease_until IS NULL OR lease_until < now())`,
    [n.shop_id, n.id, leaseSeconds(ctx)],
  );
  return r.rowCount === 1;
}

// Ends this sender's claim; with `holdMs`, keeps others (a swept duplicate) off the row until the
// retry is due. The margin lets the retry itself, which BullMQ runs after exactly holdMs, claim it.
async function release(
  ctx: DispatchContext,
  n: NotificationRow,
  error?: string,
  sent = false,
  holdMs = 0,
) {
  await ctx.db.pool.query(
    `UPDATE alert_notifications SET last_error = COALESCE($3, last_error), attempts = attempts + $4,
            lease_until = CASE WHEN $5::int > 1000 THEN now() + make_interval(secs => ($5::int - 500) / 1000.0) END
     WHERE shop_id = $1 AND id = $2`,
    [n.shop_id, n.id, error ?? null, sent ? 1 : 0, Math.round(holdMs)],
  );
}

async function finish(
  ctx: DispatchContext,
  n: NotificationRow,
  status: "failed" | "suppressed" | "parked",
  reason: string,
  sent = false,
): Promise<string> {
  await ctx.db.pool.query(
    `UPDATE alert_notifications SET status = $3, last_error = $4, lease_until = NULL, attempts = attempts + $5
     WHERE shop_id = $1 AND id = $2 AND status = 'pending'`,
    [n.shop_id, n.id, status, reason.slice(0, 500), sent ? 1 : 0],
  );
  return status;
}
