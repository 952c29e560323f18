// app/uninstalled and shop/redact. Uninstalling keeps the shop's data (a reinstall within 48 h
// resumes where it was); shop/redact, sent 48 h after uninstall, deletes every row of the shop.
import type { Tx } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";

// `at` is when Shopify says the uninstall happened. A late delivery of an uninstall that came
// before the current install (uninstall, reinstall, then the old webhook) changes nothing.
export async function markUninstalled(
  tx: Tx,
  domain: string,
  at: Date,
): Promise<{ shopId: number } | { stale: true } | null> {
  const { rows } = await tx.query<{ id: number; current: boolean }>(
    `UPDATE shops SET status = CASE WHEN installed_at <= $2 THEN 'uninstalled' ELSE status END,
            uninstalled_at = CASE WHEN installed_at <= $2 THEN now() ELSE uninstalled_at END,
            updated_at = now()
     WHERE domain = $1 RETURNING id, installed_at <= $2 AS current`,
    [domain, at],
  );
  const shop = rows[0];
  if (shop && !shop.current) return { stale: true };
  // The offline token is revoked by Shopify; keeping it would only be a liability.
  await tx.query(`DELETE FROM session WHERE shop = $1`, [domain]);
  return shop ? { shopId: shop.id } : null;
}

// Deletes everything we hold for the shop. Tables keyed by shop_id cascade from shops; the
// rest are keyed by the domain.
export async function redactShop(
  tx: Tx,
  domain: string,
  log: Logger,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const del = async (table: string, sql: string) => {
    counts[table] = (await tx.query(sql, [domain])).rowCount ?? 0;
  };
  await del("shops", `DELETE FROM shops WHERE domain = $1`);
  await del("session", `DELETE FROM session WHERE shop = $1`);
  await del("webhook_events", `DELETE FROM webhook_events WHERE shop = $1`);
  await del("rejected_webhooks", `DELETE FROM rejected_webhooks WHERE shop = $1`);
  log.info({ shop: domain, deleted: counts }, "shop redacted");
  return counts;
}
