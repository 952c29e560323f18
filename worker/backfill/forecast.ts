// Step 6: every tracked variant gets its first forecast. They are marked dirty and the shop's
// recompute job (the same path webhooks take, so whatever follows a recompute follows this one)
// is triggered; the step ends when every row marked here was consumed. Rows that live webhooks
// keep marking meanwhile are newer and not waited for.
import type { BackfillContext } from "./context.ts";

const POLL_MS = 200;
const TIMEOUT_MS = 15 * 60_000;

export async function forecastStep(ctx: BackfillContext): Promise<void> {
  const shopId = ctx.shop.id;
  // Untracked variants have no stock to run out of: no forecast is asked for them here.
  const { rows } = await ctx.db.pool.query<{ marked: number; at: Date }>(
    `WITH m AS (
       INSERT INTO forecast_dirty (shop_id, variant_id, marked_at)
       SELECT v.shop_id, v.id, now() FROM variants v
       JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id AND i.tracked
       WHERE v.shop_id = $1 AND v.deleted_at IS NULL
       ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = LEAST(forecast_dirty.marked_at, EXCLUDED.marked_at)
       RETURNING 1
     )
     -- marked_at keeps milliseconds: compare with the instant as stored, not a finer one.
     SELECT (SELECT count(*) FROM m)::int AS marked, now()::timestamptz(3) AS at`,
    [shopId],
  );
  const { marked, at } = rows[0]!;
  await ctx.triggerRecompute(shopId);
  const deadline = Date.now() + TIMEOUT_MS;
  let lastTrigger = Date.now();
  for (;;) {
    const left = await ctx.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM forecast_dirty WHERE shop_id = $1 AND marked_at <= $2`,
      [shopId, at],
    );
    const n = left.rows[0]!.n;
    if (n === 0) break;
    await ctx.checkpoint();
    await ctx.progress.within("forecast", 1 - n / Math.max(1, marked));
    if (Date.now() > deadline)
      throw new Error(`forecasts not computed after ${TIMEOUT_MS / 60_000} min (${n} left)`);
    // A trigger lost to a Redis hiccup would leave us waiting for the sweeper; ask again now and then.
    if (Date.now() - lastTrigger > 10_000) {
      lastTrigger = Date.now();
      await ctx.triggerRecompute(shopId).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  ctx.progress.stats.forecasts = marked;
}
