// The fallback channel: when a notification cannot reach its channel (the destination is gone,
// every retry failed, or its breaker is open), the same episode step goes to the channel's
// fallback once — one level only, so two channels pointing at each other cannot loop.
import { schedule } from "../../domain/alerts/index.ts";
import type { DispatchContext } from "./context.ts";
import type { NotificationRow } from "./alert-view.ts";
import { loadChannel, routeOf } from "./channels.ts";
import type { ChannelRow } from "./destination.ts";
import { makeEnqueue } from "./enqueue.ts";

// True when a fallback now has (or already had) this step.
export async function handToFallback(
  ctx: DispatchContext,
  n: NotificationRow,
  channel: ChannelRow,
  timeZone: string,
): Promise<boolean> {
  if (n.fallback_for !== null || channel.fallback_channel_id === null) return false;
  if (channel.fallback_channel_id === channel.id) return false;
  const fb = await loadChannel(ctx.db.pool, n.shop_id, channel.fallback_channel_id);
  if (!fb || !fb.enabled || !fb.healthy) return false;
  const when = schedule(routeOf(fb), ctx.clock.now(), timeZone);
  // "Resolved" only makes sense as an instant message; a digest stops listing the item instead.
  if (n.step === "resolve" && when.via !== "instant") return false;
  const { rows } = await ctx.db.pool.query<{
    id: string;
    not_before: Date;
    status: "pending" | "digest";
  }>(
    `INSERT INTO alert_notifications (shop_id, episode_id, channel_id, step, status, not_before, fallback_for)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (episode_id, step, channel_id) DO NOTHING
     RETURNING id, not_before, status`,
    [
      n.shop_id,
      n.episode_id,
      fb.id,
      n.step,
      when.via === "digest" ? "digest" : "pending",
      when.notBefore,
      channel.id,
    ],
  );
  const created = rows.map((r) => ({
    id: r.id,
    channelId: fb.id,
    status: r.status,
    notBefore: r.not_before,
  }));
  if (created.length > 0) await makeEnqueue(ctx.queue, ctx.clock)(n.shop_id, created);
  ctx.log.info(
    { shopId: n.shop_id, notificationId: n.id, channelId: channel.id, fallbackChannelId: fb.id },
    "alert handed to the fallback channel",
  );
  return true;
}
