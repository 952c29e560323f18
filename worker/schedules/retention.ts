// Data retention: what we keep, for how long. Audit rows are for operators, not forever. Daily
// history (sales, stock, the order ledger) is kept as long as the longest backfill reads (400
// days with read_all_orders, for yearly seasonality) plus a week, so time zones and the day the
// job runs never trim a day the backfill just wrote.
import type { Db } from "../../infra/db.ts";
import { SNAPSHOT_RETENTION_DAYS } from "../../domain/accuracy/index.ts";
import { ORDER_HISTORY_DAYS } from "../backfill/order-window.ts";

export const RETENTION = {
  processedEventsDays: 30, // webhook_events that were applied or skipped
  failedEventsDays: 90, // failed ones stay longer: someone may still need to look
  rejectedWebhooksDays: 30,
  deliveryAttemptsDays: 90,
  resolvedEpisodesDays: 365,
  syncRunsDays: 90,
  dailyHistoryDays: ORDER_HISTORY_DAYS.all + 7,
  backfillStagingDays: 2, // staging left by a backfill run that died
  // Forecast accuracy (docs/forecasting/accuracy.md): each variant's daily forecast (see the
  // constant for why that long); the weekly tallies the accuracy page reads are a few hundred
  // rows a year per shop and stay as long as the history.
  forecastSnapshotsDays: SNAPSHOT_RETENTION_DAYS,
  accuracyWeeksDays: 400,
} as const;

export async function applyRetention(
  db: Db,
  now: Date = new Date(),
): Promise<Record<string, number>> {
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const run = async (sql: string, cutoff: Date) =>
    (await db.pool.query(sql, [cutoff])).rowCount ?? 0;
  return {
    webhook_events: await run(
      `DELETE FROM webhook_events WHERE status IN ('processed', 'skipped') AND received_at < $1`,
      days(RETENTION.processedEventsDays),
    ),
    webhook_events_failed: await run(
      `DELETE FROM webhook_events WHERE status = 'failed' AND received_at < $1`,
      days(RETENTION.failedEventsDays),
    ),
    rejected_webhooks: await run(
      `DELETE FROM rejected_webhooks WHERE received_at < $1`,
      days(RETENTION.rejectedWebhooksDays),
    ),
    delivery_attempts: await run(
      `DELETE FROM delivery_attempts WHERE attempted_at < $1`,
      days(RETENTION.deliveryAttemptsDays),
    ),
    alert_episodes: await run(
      `DELETE FROM alert_episodes WHERE state = 'resolved' AND resolved_at < $1`,
      days(RETENTION.resolvedEpisodesDays),
    ),
    sync_runs: await run(
      `DELETE FROM sync_runs WHERE finished_at IS NOT NULL AND finished_at < $1
         AND id NOT IN (SELECT DISTINCT ON (shop_id, kind) id FROM sync_runs ORDER BY shop_id, kind, started_at DESC)`,
      days(RETENTION.syncRunsDays),
    ),
    daily_sales: await run(
      `DELETE FROM daily_sales WHERE day < $1::date`,
      days(RETENTION.dailyHistoryDays),
    ),
    daily_stock: await run(
      // Keep each series' last row before the cutoff: it is the opening stock of what follows.
      `DELETE FROM daily_stock d WHERE d.day < $1::date AND EXISTS (
         SELECT 1 FROM daily_stock n WHERE n.shop_id = d.shop_id AND n.variant_id = d.variant_id
           AND n.location_id = d.location_id AND n.day > d.day AND n.day < $1::date)`,
      days(RETENTION.dailyHistoryDays),
    ),
    order_lines: await run(
      `DELETE FROM order_lines WHERE day < $1::date`,
      days(RETENTION.dailyHistoryDays),
    ),
    forecast_snapshots: await run(
      // Joined to shops: keyed (shop_id, day, …), each shop's old days are one index range.
      `DELETE FROM forecast_snapshots f USING shops s WHERE f.shop_id = s.id AND f.day < $1::date`,
      days(RETENTION.forecastSnapshotsDays),
    ),
    forecast_misses: await run(
      `DELETE FROM forecast_misses f USING shops s WHERE f.shop_id = s.id AND f.week < $1::date`,
      days(RETENTION.forecastSnapshotsDays),
    ),
    forecast_accuracy_weeks: await run(
      `DELETE FROM forecast_accuracy_weeks WHERE week < $1::date`,
      days(RETENTION.accuracyWeeksDays),
    ),
    backfill_orders: await run(
      `DELETE FROM backfill_orders WHERE staged_at < $1`,
      days(RETENTION.backfillStagingDays),
    ),
    backfill_order_lines: await run(
      `DELETE FROM backfill_order_lines WHERE staged_at < $1`,
      days(RETENTION.backfillStagingDays),
    ),
    refund_lines: await run(
      `DELETE FROM refund_lines WHERE created_at < $1`,
      days(RETENTION.dailyHistoryDays),
    ),
  };
}
