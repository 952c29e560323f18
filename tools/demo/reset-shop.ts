// Each `npm run up` starts the simulated store afresh: its generated history ends now and its live
// trading starts again, so what an earlier demo run copied from it (catalog, stock, orders, their
// history, forecasts and alerts) no longer matches. That copy is dropped and the shop is marked
// uninstalled, so opening the app installs it again and backfills the new history. What the
// merchant set up in the demo stays: settings, channels, overrides.
import type pg from "pg";

const SHOP_TABLES = [
  "alert_episodes", // notifications and their attempts cascade
  "forecast_dirty",
  "forecast_snapshots",
  "forecast_misses",
  "forecast_accuracy_weeks",
  "forecast_accuracy_state",
  "forecasts",
  "daily_stock",
  "daily_sales",
  "refund_lines",
  "order_lines",
  "inventory_levels",
  "inventory_items",
  "variants",
  "products",
  "locations",
  "sync_runs",
];

export async function resetDemoShop(db: pg.Pool, domain: string): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [
    domain,
  ]);
  const shopId = rows[0]?.id;
  await db.query(`DELETE FROM session WHERE shop = $1`, [domain]);
  await db.query(`DELETE FROM webhook_events WHERE shop = $1`, [domain]);
  if (shopId === undefined) return false;
  for (const table of SHOP_TABLES)
    await db.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
  await db.query(
    `UPDATE shops SET status = 'uninstalled', uninstalled_at = now(), backfill_phase = NULL,
            backfill_pct = 0, backfill_error = NULL WHERE id = $1`,
    [shopId],
  );
  return true;
}
