// The dashboard's loaders and actions against two populated shops: a session of shop A never
// reads or writes shop B's rows, whatever ids or filters it sends; and the at-risk set computed in
// SQL agrees with the alert rules' severity functions (domain/alerts) for every variant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, startWorld, type World } from "./harness.ts";
import { loadShop, type ShopContext } from "../../app/dashboard/shop.server.ts";
import { atRiskRows } from "../../app/dashboard/at-risk.server.ts";
import { listEpisodes } from "../../app/dashboard/episodes.server.ts";
import { loadEvents } from "../../app/dashboard/events.server.ts";
import { listChannels } from "../../app/dashboard/channels.server.ts";
import { loadInventoryPage } from "../../app/dashboard/inventory.server.ts";
import { loadVariant } from "../../app/dashboard/variant.server.ts";
import { loadOverview } from "../../app/dashboard/overview.server.ts";
import { loadAccuracy, loadPastForecasts } from "../../app/dashboard/accuracy.server.ts";
import { DEFAULT_QUERY } from "../../app/dashboard/inventory-query.ts";
import { QUANTILE_LEVEL, effectiveParams } from "../../domain/settings.ts";
import { lowStockSeverity, stockoutSeverity } from "../../domain/alerts/severity.ts";
import { severityRank, type Severity } from "../../domain/alerts/types.ts";
import { daysBetween } from "../../domain/forecast/dates.ts";

const MARK = "SHOPB";
const BROWSER =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
let w: World;
let a: number;
let b: number;
let bOnlyVariant: string;
let bEpisodes: string[];
let bChannel: number;

beforeAll(async () => {
  w = await startWorld({ browser: false });
  a = w.shops[SHOP_A]!;
  b = w.shops[SHOP_B]!;
  const q = (sql: string, params: unknown[] = []) => w.db.pool.query(sql, params);
  // Shop B's rows carry a marker that must never reach shop A's pages.
  await q(`UPDATE shops SET name = $2 WHERE id = $1`, [b, `${MARK} Store`]);
  await q(
    `UPDATE products SET title = $2 || ' ' || title, vendor = $2 || ' Vendor' WHERE shop_id = $1`,
    [b, MARK],
  );
  await q(
    `UPDATE variants SET title = $2 || ' ' || title, sku = $2 || '-' || COALESCE(sku, id::text) WHERE shop_id = $1`,
    [b, MARK],
  );
  await q(`UPDATE locations SET name = $2 || ' ' || name WHERE shop_id = $1`, [b, MARK]);
  bChannel = (
    await q(
      `INSERT INTO channels (shop_id, kind, name, config) VALUES ($1, 'discord', $2, '{"hint":"${MARK}-hint"}') RETURNING id`,
      [b, `${MARK} channel`],
    )
  ).rows[0].id;
  await q(
    `INSERT INTO webhook_events (shop, topic, webhook_id, status, error) VALUES ($1, 'orders/create', $2, 'failed', $3)`,
    [SHOP_B, `${MARK}-webhook`, `${MARK} failure`],
  );
  await q(
    `INSERT INTO rejected_webhooks (shop, topic, reason, status, bytes) VALUES ($1, 'orders/create', $2, 400, 3)`,
    [SHOP_B, `${MARK} rejected`],
  );
  bOnlyVariant = (
    await q(
      `SELECT id FROM variants v WHERE shop_id = $1 AND NOT EXISTS (SELECT 1 FROM variants x WHERE x.shop_id = $2 AND x.id = v.id) LIMIT 1`,
      [b, a],
    )
  ).rows[0].id;
  bEpisodes = (
    await q(`SELECT id FROM alert_episodes WHERE shop_id = $1 ORDER BY id LIMIT 20`, [b])
  ).rows.map((r) => r.id);
  expect(bEpisodes.length).toBeGreaterThan(0);
});
afterAll(async () => w?.close());

const doc = async (path: string, shop: string) => {
  const res = await fetch(w.documentUrl(path, shop), { headers: { "user-agent": BROWSER } });
  return { status: res.status, body: await res.text() };
};
const bearer = (shop: string) => ({
  "user-agent": BROWSER,
  authorization: `Bearer ${w.token(shop)}`,
});
const post = (path: string, shop: string, form: Record<string, string>) =>
  fetch(`${w.stack.webUrl}${path}`, {
    method: "POST",
    headers: bearer(shop),
    body: new URLSearchParams(form),
    redirect: "manual",
  });

describe("a session of shop A", () => {
  const pages = [
    "/app",
    "/app/inventory",
    `/app/inventory?q=${MARK}`,
    `/app/inventory?vendor=${MARK}%20Vendor`,
    "/app/inventory?page=2",
    "/app/alerts?state=all",
    "/app/alerts?state=resolved",
    "/app/settings",
    "/app/events",
    "/app/accuracy",
    "/app/accuracy?horizon=30",
  ];

  it("reads none of shop B's rows on any page", async () => {
    for (const p of pages) {
      const r = await doc(p, SHOP_A);
      expect({ p, status: r.status }).toEqual({ p, status: 200 });
      // The page echoes its own query (search box, URLs): that is not shop B's data.
      let body = r.body;
      for (const v of new URL(p, "http://x").searchParams.values())
        for (const form of [v, encodeURIComponent(v), v.replace(/ /g, "+")])
          body = body.split(form).join("");
      expect(body.includes(MARK), p).toBe(false);
    }
    const csv = await fetch(`${w.stack.webUrl}/app/inventory.csv`, { headers: bearer(SHOP_A) });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split("\r\n").length).toBeGreaterThan(10);
    expect(text).not.toContain(MARK);
  });

  it("gets 404 for shop B's variant, even by its id", async () => {
    const r = await doc(`/app/variants/${bOnlyVariant}`, SHOP_A);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain(MARK);
  });

  it("cannot change shop B's rows with B's ids", async () => {
    // The simulated store reuses ids across shops: B ids that A also has are A's own variants.
    const bIds = (
      await w.db.pool.query(
        `SELECT id FROM variants v WHERE shop_id = $1
           AND NOT EXISTS (SELECT 1 FROM variants x WHERE x.shop_id = $2 AND x.id = v.id) LIMIT 50`,
        [b, a],
      )
    ).rows.map((r) => r.id);
    expect(bIds.length).toBeGreaterThan(0);
    const before = await w.db.pool.query(
      `SELECT count(*)::int AS n FROM variant_overrides WHERE shop_id = $1`,
      [b],
    );
    expect(
      (await post("/app/inventory", SHOP_A, { action: "mute", ids: bIds.join(",") })).status,
    ).toBeLessThan(400);
    expect(
      (await post("/app/alerts", SHOP_A, { action: "acknowledge", ids: bEpisodes.join(",") }))
        .status,
    ).toBeLessThan(400);
    expect(
      (await post("/app/alerts", SHOP_A, { action: "snooze", days: "7", ids: bEpisodes.join(",") }))
        .status,
    ).toBeLessThan(400);
    expect(
      (await post("/app/settings", SHOP_A, { _intent: "channel-delete", id: String(bChannel) }))
        .status,
    ).toBeLessThan(400);
    const test = await post("/app/settings", SHOP_A, {
      _intent: "channel-test",
      id: String(bChannel),
    });
    expect(await test.text()).toContain("unknown channel");
    const after = await w.db.pool.query(
      `SELECT count(*)::int AS n FROM variant_overrides WHERE shop_id = $1`,
      [b],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const acked = await w.db.pool.query(
      `SELECT count(*)::int AS n FROM alert_episodes WHERE shop_id = $1 AND acknowledged_at IS NOT NULL`,
      [b],
    );
    expect(acked.rows[0].n).toBe(0);
    const channel = await w.db.pool.query(`SELECT 1 FROM channels WHERE shop_id = $1 AND id = $2`, [
      b,
      bChannel,
    ]);
    expect(channel.rowCount).toBe(1);
    // Nor did A get rows for variants it does not have.
    const leaked = await w.db.pool.query(
      `SELECT count(*)::int AS n FROM variant_overrides WHERE shop_id = $1 AND variant_id = ANY($2::bigint[])`,
      [a, bIds],
    );
    expect(leaked.rows[0].n).toBe(0);
  });

  it("gets only its own rows from every loader query, called directly", async () => {
    const shop = (await loadShop(w.db.pool, SHOP_A))!;
    const aVariants = new Set(
      (await w.db.pool.query(`SELECT id FROM variants WHERE shop_id = $1`, [a])).rows.map((r) =>
        String(r.id),
      ),
    );
    const page = await loadInventoryPage(w.db.pool, shop, { ...DEFAULT_QUERY, pageSize: 100 });
    const all = await atRiskRows(w.db.pool, shop, DEFAULT_QUERY, DEFAULT_QUERY, 100_000, 0);
    for (const r of [...page.rows, ...all.rows]) expect(aVariants.has(r.variantId)).toBe(true);
    expect(JSON.stringify(page.facets)).not.toContain(MARK);
    const episodes = await listEpisodes(w.db.pool, a, { state: "all", kind: null }, 10_000, 0);
    const aEpisodes = new Set(
      (await w.db.pool.query(`SELECT id FROM alert_episodes WHERE shop_id = $1`, [a])).rows.map(
        (r) => String(r.id),
      ),
    );
    for (const e of episodes.rows) expect(aEpisodes.has(e.id)).toBe(true);
    expect(JSON.stringify(await loadOverview(w.db.pool, shop))).not.toContain(MARK);
    expect(JSON.stringify(await loadEvents(w.db.pool, shop))).not.toContain(MARK);
    expect(JSON.stringify(await listChannels(w.db.pool, a))).not.toContain(MARK);
    expect(await loadVariant(w.db.pool, shop, bOnlyVariant)).toBeNull();
    for (const horizon of [7, 30] as const) {
      const accuracy = await loadAccuracy(w.db.pool, shop, horizon);
      expect(JSON.stringify(accuracy)).not.toContain(MARK);
      for (const m of accuracy.misses) expect(aVariants.has(m.variantId)).toBe(true);
    }
    // Past forecasts B keeps for a variant A does not have, asked for as shop A: none.
    const { rows: kept } = await w.db.pool.query<{ id: string }>(
      `SELECT s.variant_id::text AS id FROM forecast_snapshots s WHERE s.shop_id = $1
         AND NOT EXISTS (SELECT 1 FROM variants x WHERE x.shop_id = $2 AND x.id = s.variant_id)
       LIMIT 1`,
      [b, a],
    );
    const past = (shopId: number) =>
      loadPastForecasts(w.db.pool, shopId, kept[0]!.id, "2000-01-01", shop.today);
    expect((await past(b)).length).toBeGreaterThan(0);
    expect(await past(a)).toEqual([]);
  });

  it("is the right control: shop B's own session does see the marker", async () => {
    const r = await doc(`/app/inventory?q=${MARK}`, SHOP_B);
    expect(r.status).toBe(200);
    expect(r.body).toContain(MARK);
    expect((await doc("/app/events", SHOP_B)).body).toContain(`${MARK} failure`);
    // B's biggest misses name B's products: the accuracy page would show the marker if it leaked.
    expect((await doc("/app/accuracy", SHOP_B)).body).toContain(MARK);
  });
});

describe("the at-risk set in SQL", () => {
  it("agrees with the alert rules' severity for every variant, overrides included", async () => {
    const q = (sql: string, params: unknown[] = []) => w.db.pool.query(sql, params);
    // Overrides at every level: variant lead times and thresholds, an order on the way, a vendor.
    const sample = (
      await q(`SELECT variant_id FROM forecasts WHERE shop_id = $1 ORDER BY variant_id LIMIT 40`, [
        a,
      ])
    ).rows.map((r) => r.variant_id);
    await q(
      `INSERT INTO variant_overrides (shop_id, variant_id, lead_time_days, threshold, on_order)
       SELECT $1, v, CASE WHEN i % 3 = 0 THEN 3 WHEN i % 3 = 1 THEN 45 ELSE NULL END,
              CASE WHEN i % 4 = 0 THEN 30 ELSE NULL END, CASE WHEN i % 5 = 0 THEN 100 ELSE 0 END
       FROM unnest($2::bigint[]) WITH ORDINALITY AS x(v, i)
       ON CONFLICT (shop_id, variant_id) DO UPDATE SET lead_time_days = EXCLUDED.lead_time_days,
         threshold = EXCLUDED.threshold, on_order = EXCLUDED.on_order`,
      [a, sample],
    );
    const vendor = (await q(`SELECT vendor FROM products WHERE shop_id = $1 LIMIT 1`, [a])).rows[0]
      .vendor;
    await q(
      `INSERT INTO vendor_overrides (shop_id, vendor, lead_time_days, threshold) VALUES ($1, $2, 60, 12)`,
      [a, vendor],
    );

    const shop: ShopContext = (await loadShop(w.db.pool, SHOP_A))!;
    const sql = new Map(
      (await atRiskRows(w.db.pool, shop, DEFAULT_QUERY, DEFAULT_QUERY, 100_000, 0)).rows.map(
        (r) => [r.variantId, r.severity],
      ),
    );
    const { rows } = await q(
      `SELECT f.variant_id, f.available, f.velocity, f.status, f.suggested_qty,
              to_char(f.stockout_p10, 'YYYY-MM-DD') AS p10, to_char(f.stockout_p25, 'YYYY-MM-DD') AS p25,
              to_char(f.stockout_p50, 'YYYY-MM-DD') AS p50, f.incoming, f.p_stockout_gap,
              vo.lead_time_days AS vo_lead, vo.threshold AS vo_th, vo.on_order, vd.lead_time_days AS vd_lead, vd.threshold AS vd_th
       FROM forecasts f
       JOIN variants v ON v.shop_id = f.shop_id AND v.id = f.variant_id AND v.deleted_at IS NULL
       JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id AND p.deleted_at IS NULL
       LEFT JOIN variant_overrides vo ON vo.shop_id = f.shop_id AND vo.variant_id = f.variant_id
       LEFT JOIN vendor_overrides vd ON vd.shop_id = f.shop_id AND vd.vendor = p.vendor
       WHERE f.shop_id = $1 AND f.tracked`,
      [a],
    );
    const expected = new Map<string, Severity>();
    for (const r of rows) {
      const p = effectiveParams(
        shop.settings,
        r.vd_lead !== null || r.vd_th !== null
          ? { leadTimeDays: r.vd_lead, threshold: r.vd_th }
          : null,
        { leadTimeDays: r.vo_lead, threshold: r.vo_th, onOrder: r.on_order ?? 0 },
      );
      // Ordered: typed in by hand, or on its way (rules.ts).
      const ordered = p.onOrder + r.incoming;
      const date = { p10: r.p10, p25: r.p25, p50: r.p50 }[p.stockoutQuantile];
      const days = date ? Math.max(0, daysBetween(shop.today, date)) : null;
      const found: Severity[] = [];
      if (p.kinds.out_of_stock && r.available <= 0 && r.status !== "never_in_stock")
        found.push(r.velocity > 0 ? "critical" : "warning");
      const covered = ordered > 0 && (r.suggested_qty ?? 0) === 0;
      if (p.kinds.stockout_predicted && days !== null && !covered) {
        const s = stockoutSeverity(days, p.leadTimeDays, p.horizonDays);
        if (s) found.push(s);
      }
      if (p.kinds.low_stock && !(ordered > 0 && r.available + ordered > p.lowStockThreshold)) {
        const s = lowStockSeverity(r.available, p.lowStockThreshold);
        if (s) found.push(s);
      }
      // An order on its way that lands after the likely stockout (rules.ts stockGap).
      const gap = r.p_stockout_gap;
      if (p.kinds.stock_gap && gap !== null && gap >= QUANTILE_LEVEL[p.stockoutQuantile])
        found.push(gap >= 0.75 ? "critical" : gap >= 0.5 ? "warning" : "attention");
      if (found.length)
        expected.set(
          String(r.variant_id),
          found.sort((x, y) => severityRank(y) - severityRank(x))[0]!,
        );
    }
    expect(expected.size).toBeGreaterThan(50);
    expect(Object.fromEntries(sql)).toEqual(Object.fromEntries(expected));
  });
});
