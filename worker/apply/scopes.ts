// app/scopes_update: the merchant changed what the app may read. The shop and its offline session
// are told (the worker's Admin API client reads the session's scopes). When read_all_orders is
// newly granted, the order history can go back 400 days instead of 60: a new backfill run is
// queued (the sweeper enqueues it), which re-reads the history; everything it writes is
// idempotent, so what we already hold is not counted twice.
import type { ScopesUpdateEvent } from "../../domain/events.ts";
import type { ApplyContext, ApplyResult } from "./types.ts";

export async function applyScopesUpdate(
  { tx, shop, log }: ApplyContext,
  e: ScopesUpdateEvent,
): Promise<ApplyResult> {
  const scopes = e.current.join(",");
  await tx.query(`UPDATE shops SET scopes = $2, updated_at = now() WHERE id = $1`, [
    shop.id,
    scopes,
  ]);
  await tx.query(`UPDATE session SET scope = $2 WHERE shop = $1`, [shop.domain, scopes]);
  const gained = e.current.includes("read_all_orders") && !e.previous.includes("read_all_orders");
  if (gained) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO sync_runs (shop_id, kind, phase)
       SELECT $1, 'backfill', 'queued'
       WHERE NOT EXISTS (SELECT 1 FROM sync_runs WHERE shop_id = $1 AND kind = 'backfill' AND finished_at IS NULL)
       RETURNING id`,
      [shop.id],
    );
    if (rows[0])
      log.info(
        { shop: shop.domain, runId: rows[0].id },
        "read_all_orders granted: backfilling 400 days",
      );
  }
  return { dirtyVariants: [] };
}
