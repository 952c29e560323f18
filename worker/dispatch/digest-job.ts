// Sends one channel's digest: every notification routed to it whose digest time has come, as one
// message ranked by revenue at risk. Items whose episode resolved meanwhile drop out; a digest
// with nothing left is not sent. The rows are leased for the send and marked together, so two
// workers never send the same items twice; a failed send is retried like any delivery.
import type { Job } from "bullmq";
import type { SendOutcome } from "../../channels/index.ts";
import { buildDigest, type DigestEntry } from "../../domain/alerts/index.ts";
import { renderDigest } from "../../channels/index.ts";
import { digestView, type AlertView } from "../../domain/messages/index.ts";
import { isLastAttempt, type DeliveryJob } from "../../infra/queues.ts";
import { alertViewOf, loadNotifications, loadShop, shopView } from "./alert-view.ts";
import { RetryLater } from "./backoff.ts";
import { loadChannel } from "./channels.ts";
import { delayJob, leaseSeconds, type DispatchContext } from "./context.ts";
import { resolveDestination } from "./destination.ts";
import { markUnhealthy, recordAttempt, type AttemptOutcome } from "./log-rows.ts";
import { sendGuarded } from "./send.ts";

type Data = Extract<DeliveryJob, { kind: "digest" }>;

export async function runDigestJob(
  ctx: DispatchContext,
  job: Job<DeliveryJob>,
  token: string | undefined,
): Promise<string> {
  const { shopId, channelId } = job.data as Data;
  const db = ctx.db.pool;
  const [channel, shop] = await Promise.all([
    loadChannel(db, shopId, channelId),
    loadShop(db, shopId),
  ]);
  if (!channel || !shop) return "gone";
  const now = ctx.clock.now();
  const { rows: leased } = await db.query<{ id: string }>(
    `UPDATE alert_notifications SET lease_until = now() + make_interval(secs => $4)
     WHERE shop_id = $1 AND channel_id = $2 AND status = 'digest' AND not_before <= $3
       AND (lease_until IS NULL OR lease_until < now())
     RETURNING id`,
    [shopId, channelId, now, leaseSeconds(ctx)],
  );
  if (leased.length === 0) return "empty";
  const ids = leased.map((r) => r.id);
  const mark = (
    status: string,
    error: string | null,
    sent: boolean,
    providerId: string | null = null,
    which: string[] = ids,
  ) =>
    db.query(
      `UPDATE alert_notifications SET status = $3, last_error = $4, lease_until = NULL,
              sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END,
              provider_id = COALESCE($6, provider_id), attempts = attempts + $5
       WHERE shop_id = $1 AND id = ANY($2::bigint[])`,
      [shopId, which, status, error, sent ? 1 : 0, providerId],
    );
  const release = (error: string | null, sent: boolean) =>
    db.query(
      `UPDATE alert_notifications SET lease_until = NULL, last_error = COALESCE($3, last_error),
              attempts = attempts + $4
       WHERE shop_id = $1 AND id = ANY($2::bigint[])`,
      [shopId, ids, error, sent ? 1 : 0],
    );

  if (!channel.enabled || shop.status !== "installed") {
    await mark("suppressed", "channel disabled or shop uninstalled", false);
    return "suppressed";
  }
  const view = shopView(shop, ctx.appHandle, channel.language);
  const rows = await loadNotifications(db, shopId, ids);
  const entries: (DigestEntry & { view: AlertView })[] = [];
  for (const n of rows) {
    if (n.step === "resolve") continue;
    const v = alertViewOf(n, view);
    if (!v) continue;
    entries.push({
      episodeId: n.episode_id,
      queuedAt: n.created_at,
      stillOpen: n.episode_state === "open",
      revenueAtRisk: v.revenueAtRisk,
      severity: n.episode_state === "open" ? n.severity : v.severity,
      stockoutDate: v.facts.stockoutP50,
      title: `${v.product.title} ${v.variant.title}`,
      view: { ...v, severity: n.severity },
    });
  }
  const digest = buildDigest(entries);
  if (digest.items.length === 0) {
    await mark("suppressed", "resolved before the digest", false);
    return "nothing open";
  }
  const mode = channel.mode === "digest_weekly" ? "digest_weekly" : "digest_daily";
  const attempt = (outcome: AttemptOutcome, what: { result: SendOutcome } | { error: string }) =>
    recordAttempt(db, {
      shopId,
      notificationId: null,
      channelId,
      kind: channel.kind,
      outcome,
      ...what,
    });
  const dest = resolveDestination(channel, ctx.sender);
  if (!dest.ok) {
    await markUnhealthy(db, shopId, channelId, dest.error);
    await mark("failed", dest.error, false);
    return "failed";
  }
  const r = await sendGuarded(
    ctx,
    dest,
    renderDigest(channel.kind, digestView(view, mode, digest, now)),
  );
  if (r.kind === "paced") {
    await release(null, false);
    return delayJob(job, token, r.waitMs);
  }
  if (r.kind === "breaker_open") {
    await attempt("breaker_open", { error: "circuit breaker open" });
    await release("circuit breaker open", false);
    return delayJob(job, token, r.retryInMs);
  }
  const out = r.outcome;
  if (out.ok) {
    await attempt("sent", { result: out });
    // Items whose episode resolved meanwhile were left out: they were never news to the merchant.
    const listed = rows.filter((n) => n.episode_state === "open").map((n) => n.id);
    const dropped = ids.filter((id) => !listed.includes(id));
    await mark("sent", null, true, out.providerId ?? null, listed);
    if (dropped.length > 0)
      await mark("suppressed", "resolved before the digest", false, null, dropped);
    await db.query(`UPDATE channels SET last_digest_at = now() WHERE shop_id = $1 AND id = $2`, [
      shopId,
      channelId,
    ]);
    ctx.log.info(
      { shopId, channelId, kind: channel.kind, items: digest.items.length },
      "digest sent",
    );
    return "sent";
  }
  if (out.permanent === "unhealthy" || !out.retryable || isLastAttempt(job)) {
    await attempt("failed", { result: out });
    if (out.permanent === "unhealthy") await markUnhealthy(db, shopId, channelId, out.error);
    await mark("failed", out.error, true);
    return "failed";
  }
  await attempt("retry", { result: out });
  await release(out.error, true);
  throw new RetryLater(out.error, out.retryAfterMs);
}
