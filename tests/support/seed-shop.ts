// Populates a shop from the simulated store's generated data with set-based SQL, then runs one
// forecast recompute: the state a finished install backfill leaves (catalog, levels, 60 days of
// order lines, daily sales, daily stock history, forecasts). For tests that need a populated shop
// without waiting for the backfill; the stock history here comes from the store's movement
// ledger, so it is exact rather than reconstructed.
import type { Db } from "../../infra/db.ts";
import { registerShop } from "../../app/shops.server.ts";
import { markAllDirty, recomputeShop } from "../../worker/forecast/recompute.ts";
import { dayInZone } from "../../domain/forecast/dates.ts";
import type { GeneratedShop } from "../../tools/fake-shopify/generate.ts";

const DAY_MS = 86_400_000;

export type SeedOptions = {
  orderDays?: number; // what the backfill reads without read_all_orders
  scopes?: string;
  now?: number;
  // "worker": the running worker recomputes and evaluates alert rules (as after a backfill: a
  // baseline evaluation opens episodes without notifying); "inline": recompute here, no worker.
  recompute?: "worker" | "inline";
};

export async function seedShop(db: Db, data: GeneratedShop, o: SeedOptions = {}): Promise<number> {
  const pool = db.pool;
  const now = o.now ?? Date.now();
  const tz = data.shop.timezone;
  const shopId = await registerShop(
    pool,
    data.shop.domain,
    o.scopes ?? "read_products,read_inventory,read_orders,read_locations",
  );
  // While the phase says "derive", the worker's first alert evaluation is a baseline (no flood).
  await pool.query(
    `UPDATE shops SET name = $2, timezone = $3, currency = $4, backfill_phase = 'derive', backfill_pct = 90,
            backfill_error = NULL, backfill_at = now() WHERE id = $1`,
    [shopId, data.shop.name, tz, data.shop.currency],
  );
  // The install's backfill run, finished: the first authenticated load will not queue another.
  await pool.query(
    `INSERT INTO sync_runs (shop_id, kind, phase, pct, finished_at) VALUES ($1, 'backfill', 'done', 100, now())`,
    [shopId],
  );

  const iso = (ms: number) => new Date(ms).toISOString();
  await pool.query(
    `INSERT INTO locations (shop_id, id, name, active)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::boolean[]) ON CONFLICT DO NOTHING`,
    [
      shopId,
      data.locations.map((l) => l.id),
      data.locations.map((l) => l.name),
      data.locations.map((l) => l.isActive),
    ],
  );
  const p = data.products;
  await pool.query(
    `INSERT INTO products (shop_id, id, title, handle, vendor, product_type, status, updated_at)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      shopId,
      p.map((x) => x.id),
      p.map((x) => x.title),
      p.map((x) => x.handle),
      p.map((x) => x.vendor),
      p.map((x) => x.productType),
      p.map((x) => x.status.toLowerCase()),
      p.map((x) => iso(x.updatedAt)),
    ],
  );
  const v = data.variants;
  await pool.query(
    `INSERT INTO variants (shop_id, id, product_id, title, sku, price, inventory_item_id, created_at, updated_at)
     SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::numeric[], $7::bigint[],
                              $8::timestamptz[], $9::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      shopId,
      v.map((x) => x.id),
      v.map((x) => x.productId),
      v.map((x) => x.title),
      v.map((x) => x.sku),
      v.map((x) => x.price),
      v.map((x) => x.inventoryItemId),
      v.map((x) => iso(x.createdAt)),
      v.map((x) => iso(x.updatedAt)),
    ],
  );
  const items = data.inventoryItems;
  await pool.query(
    `INSERT INTO inventory_items (shop_id, id, variant_id, tracked, updated_at)
     SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::boolean[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
    [
      shopId,
      items.map((x) => x.id),
      items.map((x) => x.variantId),
      items.map((x) => x.tracked),
      items.map((x) => iso(x.updatedAt)),
    ],
  );
  const levels = data.inventoryLevels;
  await pool.query(
    `INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
     SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
    [
      shopId,
      levels.map((x) => x.inventoryItemId),
      levels.map((x) => x.locationId),
      levels.map((x) => x.available),
      levels.map((x) => iso(x.updatedAt)),
    ],
  );

  // Order lines of the window Shopify lets the app read; POS orders carry their location.
  const since = now - (o.orderDays ?? 60) * DAY_MS;
  const lines: {
    id: number;
    order: number;
    variant: number | null;
    loc: number;
    at: string;
    qty: number;
    price: string;
    refunded: number;
    cancelled: string | null;
  }[] = [];
  for (const order of data.orders) {
    if (order.createdAt < since) continue;
    const refunded = new Map<number, number>();
    for (const r of order.refunds)
      for (const l of r.lines)
        if (l.restockType !== "CANCEL")
          refunded.set(l.lineItemId, (refunded.get(l.lineItemId) ?? 0) + l.quantity);
    for (const li of order.lineItems) {
      lines.push({
        id: li.id,
        order: order.id,
        variant: li.variantId,
        loc: order.retailLocationId ?? 0,
        at: iso(order.createdAt),
        qty: li.quantity,
        price: li.price,
        refunded: Math.min(li.quantity, refunded.get(li.id) ?? 0),
        cancelled: order.cancelledAt ? iso(order.cancelledAt) : null,
      });
    }
  }
  await pool.query(
    `INSERT INTO order_lines (shop_id, line_item_id, order_id, variant_id, location_id, ordered_at, day, quantity,
                              unit_price, refunded_qty, cancelled_at)
     SELECT $1, x.id, x.o, x.v, x.l, x.at, (x.at AT TIME ZONE $11)::date, x.q, x.p, x.r, x.c
     FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::int[], $8::numeric[],
                 $9::int[], $10::timestamptz[]) AS x(id, o, v, l, at, q, p, r, c)
     ON CONFLICT DO NOTHING`,
    [
      shopId,
      lines.map((l) => l.id),
      lines.map((l) => l.order),
      lines.map((l) => l.variant),
      lines.map((l) => l.loc),
      lines.map((l) => l.at),
      lines.map((l) => l.qty),
      lines.map((l) => l.price),
      lines.map((l) => l.refunded),
      lines.map((l) => l.cancelled),
      tz,
    ],
  );
  // Same formula as worker/apply/daily-sales.ts, for every cell at once.
  await pool.query(
    `INSERT INTO daily_sales (shop_id, variant_id, location_id, day, units, revenue)
     SELECT shop_id, variant_id, location_id, day,
            COALESCE(SUM(quantity - refunded_qty) FILTER (WHERE cancelled_at IS NULL), 0),
            COALESCE(SUM((quantity - refunded_qty) * unit_price) FILTER (WHERE cancelled_at IS NULL), 0)
     FROM order_lines WHERE shop_id = $1 AND variant_id IS NOT NULL
     GROUP BY shop_id, variant_id, location_id, day
     ON CONFLICT DO NOTHING`,
    [shopId],
  );

  await writeStockHistory(db, shopId, data, tz, now);
  await markAllDirty(db, shopId);
  if (o.recompute === "inline") await recomputeShop(db, shopId, new Date(now));
  else await waitForForecasts(db, shopId);
  await pool.query(`UPDATE shops SET backfill_phase = 'done', backfill_pct = 100 WHERE id = $1`, [
    shopId,
  ]);
  return shopId;
}

// The recompute job evaluates alert rules after writing forecasts: wait until no new episode
// appears for a second.
async function settle(db: Db, shopId: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert_episodes WHERE shop_id = $1`,
      [shopId],
    );
    if (rows[0]!.n === last) return;
    last = rows[0]!.n;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

// The worker's sweeper picks the dirty set up within a few seconds; done when it is empty and
// every live variant has a forecast.
export async function waitForForecasts(db: Db, shopId: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query<{ dirty: number; missing: number }>(
      `SELECT (SELECT count(*)::int FROM forecast_dirty WHERE shop_id = $1) AS dirty,
              (SELECT count(*)::int FROM variants v WHERE v.shop_id = $1 AND v.deleted_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM forecasts f WHERE f.shop_id = v.shop_id AND f.variant_id = v.id)) AS missing`,
      [shopId],
    );
    if (rows[0]!.dirty === 0 && rows[0]!.missing === 0) return settle(db, shopId);
    if (Date.now() > deadline)
      throw new Error(`forecasts of shop ${shopId} not computed: ${JSON.stringify(rows[0])}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// End-of-day stock per variant × location and in total (location 0), from the movement ledger.
async function writeStockHistory(
  db: Db,
  shopId: number,
  data: GeneratedShop,
  tz: string,
  now: number,
) {
  const variantOf = new Map(data.inventoryItems.map((i) => [i.id, i.variantId]));
  const firstDay = dayInZone(new Date(now - data.historyDays * DAY_MS), tz);
  const today = dayInZone(new Date(now), tz);
  type Cell = { end: number; min: number; at: number };
  const cells = new Map<string, Cell>(); // `${variant}|${location}|${day}`
  const running = new Map<string, number>(); // `${variant}|${location}`
  for (const [key, qty] of Object.entries(data.initialLevels)) {
    const [item, loc] = key.split(":").map(Number) as [number, number];
    const variant = variantOf.get(item);
    if (variant === undefined) continue;
    running.set(`${variant}|${loc}`, qty);
    running.set(`${variant}|0`, (running.get(`${variant}|0`) ?? 0) + qty);
  }
  const dayCache = new Map<number, string>();
  const dayOf = (at: number) => {
    const hour = Math.floor(at / 3_600_000);
    let d = dayCache.get(hour);
    if (!d) dayCache.set(hour, (d = dayInZone(new Date(at), tz)));
    return d;
  };
  const moves = [...data.movements].sort((a, b) => a.at - b.at);
  for (const m of moves) {
    const variant = variantOf.get(m.inventoryItemId);
    if (variant === undefined || m.reason === "initial") continue;
    const day = dayOf(m.at);
    if (day > today) continue;
    for (const loc of [m.locationId, 0]) {
      const k = `${variant}|${loc}`;
      const before = running.get(k) ?? 0;
      const after = before + m.delta;
      running.set(k, after);
      if (day < firstDay) continue;
      const ck = `${k}|${day}`;
      const c = cells.get(ck);
      if (c) {
        c.end = after;
        c.min = Math.min(c.min, after);
        c.at = m.at;
      } else cells.set(ck, { end: after, min: Math.min(before, after), at: m.at });
    }
  }
  // Every key also gets a row on the first day, so the series starts from a known level.
  const rows: [string, string, string, number, string, number][] = [];
  for (const [ck, c] of cells) {
    const [variant, loc, day] = ck.split("|") as [string, string, string];
    rows.push([variant, loc, day, c.end, new Date(c.at).toISOString(), c.min]);
  }
  const col = <T>(i: number) => rows.map((r) => r[i] as T);
  await db.pool.query(
    `INSERT INTO daily_stock (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
     SELECT $1, x.v, x.l, x.d, x.e, x.at, x.m, x.m <= 0
     FROM unnest($2::bigint[], $3::bigint[], $4::date[], $5::int[], $6::timestamptz[], $7::int[]) AS x(v, l, d, e, at, m)
     ON CONFLICT DO NOTHING`,
    [shopId, col(0), col(1), col(2), col(3), col(4), col(5)],
  );
}
