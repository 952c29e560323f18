// inventory_levels/update, the hottest event (every sale, restock and adjustment sends one per
// location). Applied in ONE statement, which is atomic by itself: last-writer-wins level upsert,
// the day's stock history for the location and (when this update is the newest) for the
// variant's total, the dirty mark for the forecast, and the event marked processed.
// A late, older update never overwrites a newer level, but still teaches the day's history that
// the item was that low at that time.
import type pg from "pg";
import type { Queryable, Tx } from "../../infra/db.ts";
import type { InventoryLevelEvent } from "../../domain/events.ts";
import { STOCK_UPSERT } from "./stock-history.ts";
import type { ShopRow } from "./types.ts";

// Everything after the event's values, which come from a relation `e(event_id, shop_id, tz, item,
// loc, available, at)`: bound parameters, or the event row itself (the worker's hot path).
const APPLY_FROM = (source: string) => `
WITH e AS (${source}), v AS (
  SELECT v.id FROM variants v, e
  WHERE v.shop_id = e.shop_id AND v.inventory_item_id = e.item AND v.deleted_at IS NULL LIMIT 1
), lvl AS (
  INSERT INTO inventory_levels AS l (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
  SELECT e.shop_id, e.item, e.loc, e.available, e.at FROM e
  ON CONFLICT (shop_id, inventory_item_id, location_id) DO UPDATE
    SET available = EXCLUDED.available, shopify_updated_at = EXCLUDED.shopify_updated_at, applied_at = now()
    WHERE l.shopify_updated_at < EXCLUDED.shopify_updated_at
  RETURNING 1
), obs AS (
  SELECT v.id AS variant_id, e.loc AS location_id, e.available, (e.at AT TIME ZONE e.tz)::date AS day
  FROM v, e
  UNION ALL
  -- The variant's total over locations after this update: the other locations as they stand
  -- plus this one's new value. Only the newest update may move the total.
  SELECT v.id, 0, (SELECT COALESCE(SUM(i.available), 0)::int FROM inventory_levels i
                   WHERE i.shop_id = e.shop_id AND i.inventory_item_id = e.item AND i.location_id <> e.loc) + e.available,
         (e.at AT TIME ZONE e.tz)::date
  FROM v, e WHERE EXISTS (SELECT 1 FROM lvl)
), stock AS (
  ${STOCK_UPSERT("(SELECT shop_id FROM e)", "(SELECT at FROM e)")}
), dirty AS (
  INSERT INTO forecast_dirty (shop_id, variant_id)
  SELECT e.shop_id, v.id FROM v, e WHERE EXISTS (SELECT 1 FROM lvl)
  ON CONFLICT DO NOTHING
), done AS (
  UPDATE webhook_events w SET status = 'processed', error = NULL, processed_at = now(), attempts = attempts + 1
  FROM e WHERE w.id = e.event_id
)
SELECT EXISTS (SELECT 1 FROM e) AS applied, (SELECT shop_id FROM e) AS shop_id,
       (SELECT id FROM v) AS variant_id, EXISTS (SELECT 1 FROM lvl) AS latest`;

const APPLY_LEVEL = APPLY_FROM(
  `SELECT $7::bigint AS event_id, $1::int AS shop_id, $6::text AS tz, $2::bigint AS item,
          $3::bigint AS loc, $4::int AS available, $5::timestamptz AS at`,
);

const UNTRACK = `
WITH item AS (
  UPDATE inventory_items SET tracked = false, updated_at = $3 WHERE shop_id = $1 AND id = $2 RETURNING variant_id
), dirty AS (
  INSERT INTO forecast_dirty (shop_id, variant_id)
  SELECT $1, variant_id FROM item WHERE variant_id IS NOT NULL ON CONFLICT DO NOTHING
), done AS (
  UPDATE webhook_events SET status = 'processed', error = NULL, processed_at = now(), attempts = attempts + 1
  WHERE id = $4
)
SELECT (SELECT variant_id FROM item) AS variant_id`;

// Events for the same item at different locations may be applied at the same moment by
// different jobs; each computes the item's total over locations, so they take turns per item:
// a transaction-scoped advisory lock taken BEFORE the statement (whose snapshot then includes
// the other's committed level). Different items never wait for each other. The hot path below
// takes the same lock (same key) in its prepared lock statement.
export async function lockInventoryItem(tx: Tx, shopId: number, itemId: string): Promise<void> {
  await tx.query(itemLock(shopId, itemId));
}

function itemLock(shopId: number, itemId: string): string {
  if (!Number.isInteger(shopId) || !/^\d+$/.test(itemId)) throw new Error("bad inventory item key");
  return `SELECT pg_advisory_xact_lock(hashtextextended('inventory:${shopId}:${itemId}', 0))`;
}

// The worker's hot path, ONE round trip: the item's lock, then the update applied straight from
// the stored event (when it is an unapplied inventory update with a stock figure, of an installed
// shop), committed. `applied: false` leaves everything else to the general path.
// The two statements are SQL-prepared once per connection: planning the apply statement costs
// more than running it, and a simple-protocol string can EXECUTE prepared plans.
// `dirty`: a forecast may now be stale (the worker then triggers the shop's recompute).
export type HotPathResult = { applied: boolean; shopId: number | null; dirty: boolean };

const HOT_PATH_PREPARE = `
PREPARE radar_inventory_lock(bigint) AS
  SELECT pg_advisory_xact_lock(hashtextextended('inventory:' || s.id || ':' || (e.payload->>'inventory_item_id'), 0))
  FROM webhook_events e JOIN shops s ON s.domain = e.shop
  WHERE e.id = $1 AND e.topic = 'inventory_levels/update';
PREPARE radar_inventory_apply(bigint) AS ${APPLY_FROM(`
  SELECT e.id AS event_id, s.id AS shop_id, s.timezone AS tz,
         (e.payload->>'inventory_item_id')::bigint AS item,
         (e.payload->>'location_id')::bigint AS loc,
         (e.payload->>'available')::int AS available,
         (e.payload->>'updated_at')::timestamptz AS at
  FROM webhook_events e JOIN shops s ON s.domain = e.shop AND s.status = 'installed'
  WHERE e.id = $1 AND e.topic = 'inventory_levels/update'
    AND e.status IN ('received', 'failed') AND jsonb_typeof(e.payload->'available') = 'number'`)};`;

type HotRow = {
  applied: boolean;
  shop_id: number | null;
  variant_id: string | null;
  latest: boolean;
};

// One transaction per event (its own lock and commit), several events per round trip: on a busy
// 2-core machine the socket write of a round trip costs more than the statement it carries.
// Events that reach the hot path in the same event-loop turn travel together.
class HotPath {
  private pending: { eventId: string; done: (r: HotPathResult | Error) => void }[] = [];
  private scheduled = false;
  private readonly prepared = new WeakSet<object>();

  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  apply(eventId: string): Promise<HotPathResult> {
    if (!/^\d+$/.test(eventId)) throw new Error(`not an event id: ${eventId}`);
    return new Promise((resolve, reject) => {
      this.pending.push({ eventId, done: (r) => (r instanceof Error ? reject(r) : resolve(r)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0, this.pending.length);
    try {
      const rows = await this.run(batch.map((b) => b.eventId));
      batch.forEach((b, i) => b.done(toResult(rows[i])));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.done(err as Error);
      // The string stopped at the failing event: those before it committed, each of the others
      // gets its own outcome.
      for (const b of batch) {
        await this.retry(b.eventId).then(b.done, (e: Error) => b.done(e));
      }
    }
  }

  // Alone, after its batch failed. An event that committed in the batch reports processed and
  // dirty: what it changed is unknown here, and a recompute that finds nothing to do is cheap.
  private async retry(eventId: string): Promise<HotPathResult> {
    const [row] = await this.run([eventId]);
    if (row?.applied) return toResult(row);
    const { rows } = await this.pool.query<{ shop_id: number }>(
      `SELECT s.id AS shop_id FROM webhook_events e JOIN shops s ON s.domain = e.shop
       WHERE e.id = $1 AND e.topic = 'inventory_levels/update' AND e.status = 'processed'`,
      [eventId],
    );
    return rows[0]
      ? { applied: true, shopId: rows[0].shop_id, dirty: true }
      : { applied: false, shopId: null, dirty: false };
  }

  private async run(eventIds: string[]): Promise<(HotRow | undefined)[]> {
    const client = await this.pool.connect();
    if (!this.prepared.has(client)) {
      try {
        await client.query(HOT_PATH_PREPARE);
        this.prepared.add(client);
      } catch (err) {
        client.release(err as Error); // a half-prepared session is closed, not reused
        throw err;
      }
    }
    try {
      const text = eventIds
        .map(
          (id) =>
            `BEGIN; EXECUTE radar_inventory_lock(${id}); EXECUTE radar_inventory_apply(${id}); COMMIT;`,
        )
        .join("\n");
      const results = (await client.query(text)) as unknown as { rows: HotRow[] }[];
      return eventIds.map((_, i) => results[i * 4 + 2]?.rows[0]);
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      // Someone dropped the session's prepared statements (DISCARD ALL): prepare again next time.
      if ((err as { code?: string }).code === "26000") this.prepared.delete(client);
      throw err;
    } finally {
      client.release();
    }
  }
}

function toResult(row: HotRow | undefined): HotPathResult {
  if (!row?.applied) return { applied: false, shopId: null, dirty: false };
  return { applied: true, shopId: row.shop_id, dirty: row.latest && row.variant_id !== null };
}

const hotPaths = new WeakMap<pg.Pool, HotPath>();

export function applyInventoryEventById(pool: pg.Pool, eventId: string): Promise<HotPathResult> {
  let hot = hotPaths.get(pool);
  if (!hot) hotPaths.set(pool, (hot = new HotPath(pool)));
  return hot.apply(eventId);
}

// Returns the variant whose forecast is now stale, if any. Marks the event processed itself.
// Call it inside a transaction holding the item's lock.
export async function applyInventoryLevel(
  db: Queryable,
  shop: ShopRow,
  eventId: string,
  e: InventoryLevelEvent,
): Promise<string | null> {
  if (e.available === null) {
    // Shopify stopped tracking this item at a location: nothing to forecast for it.
    const r = await db.query<{ variant_id: string | null }>({
      name: "inventory-untrack",
      text: UNTRACK,
      values: [shop.id, e.inventory_item_id, e.updated_at, eventId],
    });
    return r.rows[0]?.variant_id ?? null;
  }
  const r = await db.query<{ variant_id: string | null; latest: boolean }>({
    name: "inventory-apply",
    text: APPLY_LEVEL,
    values: [
      shop.id,
      e.inventory_item_id,
      e.location_id,
      e.available,
      e.updated_at,
      shop.timezone,
      eventId,
    ],
  });
  const row = r.rows[0];
  return row?.latest && row.variant_id ? row.variant_id : null;
}
