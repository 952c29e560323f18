// The sync queue's "incoming" job: re-reads what Shopify says is on its way (worker/incoming/
// read.ts) and replaces the shop's inbound lines with it in one transaction, marking dirty the
// variants whose stock on its way changed. Reading everything open is what makes it idempotent
// and order-free: a webhook only says "look again", so duplicates, lost or late deliveries and
// their order do not matter; the reconciliation sweep and the install backfill run it too.
// Without the transfer and shipment scopes it keeps nothing from them: the forecast then nets
// Shopify's "incoming" quantity of each level (read with the levels), undated.
import type { Job } from "bullmq";
import { withTx, type Db, type Tx } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import type { IncomingJobData } from "../../infra/sync-jobs.ts";
import type { ShopifySessions } from "../shopify-session.ts";
import { readInbound, type InboundRow } from "./read.ts";

export const INBOUND_SCOPES = ["read_inventory_transfers", "read_inventory_shipments"] as const;

export type IncomingDeps = {
  db: Db;
  log: Logger;
  sessions: ShopifySessions;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  stopping?: AbortSignal;
};

export type IncomingResult =
  | { result: "synced"; lines: number; changedVariants: number }
  | { result: "no_scope"; changedVariants: number }
  | { result: "skipped"; reason: string };

export function hasInboundScopes(scopes: string | null): boolean {
  const granted = new Set((scopes ?? "").split(",").map((s) => s.trim()));
  // A write scope implies its read scope.
  return INBOUND_SCOPES.every((s) => granted.has(s) || granted.has(s.replace(/^read_/, "write_")));
}

export async function syncIncoming(d: IncomingDeps, shopId: number): Promise<IncomingResult> {
  const { rows } = await d.db.pool.query<{ domain: string; status: string; scopes: string | null }>(
    `SELECT domain, status, scopes FROM shops WHERE id = $1`,
    [shopId],
  );
  const shop = rows[0];
  if (!shop || shop.status !== "installed") return { result: "skipped", reason: "not installed" };
  let inbound: InboundRow[] = [];
  const allowed = hasInboundScopes(shop.scopes);
  if (allowed) {
    const { admin } = await d.sessions.adminFor(shop.domain, { log: d.log });
    inbound = await readInbound(admin, d.stopping);
  }
  const changed = await withTx(d.db.pool, (tx) => replaceInbound(tx, shopId, inbound));
  if (changed > 0) await d.triggerRecompute(shopId);
  return allowed
    ? { result: "synced", lines: inbound.length, changedVariants: changed }
    : { result: "no_scope", changedVariants: changed };
}

// Replaces the shop's transfer and shipment lines; returns how many variants' lines changed
// (those are marked dirty in the same transaction).
export async function replaceInbound(tx: Tx, shopId: number, rows: InboundRow[]): Promise<number> {
  const col = <T>(pick: (r: InboundRow) => T) => rows.map(pick);
  const { rows: out } = await tx.query<{ n: number }>(
    `WITH new AS (
       SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
                            $8::text[], $9::int[], $10::timestamptz[], $11::timestamptz[])
         AS x(source, document_id, inventory_item_id, location_id, name, status, supplier, quantity,
              ordered_at, arrives_at)
     ), old AS (
       DELETE FROM inbound_lines WHERE shop_id = $1 AND source IN ('transfer', 'shipment')
       RETURNING source, document_id, inventory_item_id, location_id, quantity, arrives_at, ordered_at
     ), ins AS (
       INSERT INTO inbound_lines (shop_id, source, document_id, inventory_item_id, location_id, name, status,
                                  supplier, quantity, ordered_at, arrives_at)
       SELECT $1, * FROM new
     ), diff AS (
       (SELECT source, document_id, inventory_item_id, location_id, quantity, arrives_at, ordered_at FROM new
        EXCEPT SELECT source, document_id, inventory_item_id, location_id, quantity, arrives_at, ordered_at FROM old)
       UNION
       (SELECT source, document_id, inventory_item_id, location_id, quantity, arrives_at, ordered_at FROM old
        EXCEPT SELECT source, document_id, inventory_item_id, location_id, quantity, arrives_at, ordered_at FROM new)
     ), dirty AS (
       INSERT INTO forecast_dirty (shop_id, variant_id)
       SELECT DISTINCT $1, v.id FROM diff
       JOIN variants v ON v.shop_id = $1 AND v.inventory_item_id = diff.inventory_item_id AND v.deleted_at IS NULL
       ON CONFLICT DO NOTHING
       RETURNING variant_id
     )
     SELECT count(*)::int AS n FROM dirty`,
    [
      shopId,
      col((r) => r.source),
      col((r) => r.documentId),
      col((r) => r.itemId),
      col((r) => r.locationId),
      col((r) => r.name),
      col((r) => r.status),
      col((r) => r.supplier),
      col((r) => r.quantity),
      col((r) => r.orderedAt),
      col((r) => r.arrivesAt),
    ],
  );
  return out[0]?.n ?? 0;
}

export function incomingProcessor(d: IncomingDeps) {
  return async (job: Job<IncomingJobData>): Promise<string> => {
    try {
      const r = await syncIncoming(d, job.data.shopId);
      d.log.info({ shopId: job.data.shopId, ...r }, "stock on its way synced");
      return r.result;
    } catch (err) {
      // Retried with back-off; the next reconciliation sweep reads it again in any case.
      d.log.warn(
        { shopId: job.data.shopId, attempt: job.attemptsMade + 1, err: String(err) },
        "could not read stock on its way",
      );
      throw err;
    }
  };
}
