// npm run bench:dashboard — the "Inventory at risk" loader at 100,000 variants. A scratch database
// gets one big shop (plus a smaller neighbour, so shop scoping is real) generated with SQL:
// catalog, two locations, levels, forecasts with a realistic spread of stock and sales speed, some
// variant and vendor overrides. Then the loader's query function (loadInventoryPage: the page of
// rows with its total, and the filter choices, run as the loader runs them, in parallel on a pool
// of 5) is called directly, round-robin over the views merchants use: each sort both ways,
// severity, vendor, location, a search, deep pages. Reported: server time of those queries,
// p50/p95 over all calls. Prints the JSON line last.
import pg from "pg";
import { loadShop } from "../app/dashboard/shop.server.ts";
import { loadInventoryPage } from "../app/dashboard/inventory.server.ts";
import { DEFAULT_QUERY, type InventoryQuery } from "../app/dashboard/inventory-query.ts";
import { percentile, printResult, round, scratchDatabase } from "./support.ts";

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 100_000);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const SHOP = "bench-dashboard.myshopify.com";

async function generate(
  db: pg.Pool,
  domain: string,
  variants: number,
  seed: number,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO shops (domain, name, timezone, currency, backfill_phase, backfill_pct)
     VALUES ($1, 'Bench', 'America/New_York', 'USD', 'done', 100) RETURNING id`,
    [domain],
  );
  const shopId = rows[0]!.id;
  const q = (sql: string) => db.query(sql, sql.includes("$2") ? [shopId, variants] : [shopId]);
  await db.query(`SELECT setseed($1)`, [seed]);
  await q(
    `INSERT INTO locations (shop_id, id, name) VALUES ($1, 1, 'Main Warehouse'), ($1, 2, 'Downtown Store')`,
  );
  // Five variants per product, 40 vendors, 25 product types.
  await q(
    `INSERT INTO products (shop_id, id, title, vendor, product_type, status)
     SELECT $1, p, 'Product ' || p, 'Vendor ' || (p % 40), 'Type ' || (p % 25), 'active'
     FROM generate_series(1, ceil($2 / 5.0)::int) p`,
  );
  await q(
    `INSERT INTO variants (shop_id, id, product_id, title, sku, price, inventory_item_id, created_at)
     SELECT $1, v, (v - 1) / 5 + 1, 'Size ' || (v % 5), 'SKU-' || lpad(v::text, 7, '0'),
            round((5 + random() * 120)::numeric, 2), 1000000 + v, now() - interval '200 days'
     FROM generate_series(1, $2) v`,
  );
  await q(
    `INSERT INTO inventory_items (shop_id, id, variant_id, tracked)
     SELECT $1, 1000000 + v, v, random() > 0.03 FROM generate_series(1, $2) v`,
  );
  // Stock: a few out, many low, most comfortable; split over two locations.
  await q(
    `INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
     SELECT $1, 1000000 + v, l,
            CASE WHEN r < 0.04 THEN 0 WHEN r < 0.2 THEN floor(random() * 8)::int ELSE floor(10 + random() * 200)::int END,
            now()
     FROM generate_series(1, $2) v, generate_series(1, 2) l, LATERAL (SELECT random() + v * 0 + l * 0 AS r) x
     WHERE l = 1 OR v % 3 = 0`,
  );
  // Forecasts as the worker writes them: 20% dead, the rest log-normal sales speed.
  await q(
    `INSERT INTO forecasts (shop_id, variant_id, method, as_of, available, tracked, velocity, days_of_cover,
                            stockout_p10, stockout_p50, stockout_p90, revenue_at_risk, suggested_qty,
                            reorder_point, status, demand_class)
     SELECT $1, v.id, 'bench', current_date - 1, s.available, COALESCE(i.tracked, true), s.vel,
            CASE WHEN s.vel > 0 THEN s.available / s.vel END,
            CASE WHEN s.cover < 365 THEN current_date - 1 + floor(s.cover * 0.7)::int END,
            CASE WHEN s.cover < 365 THEN current_date - 1 + floor(s.cover)::int END,
            CASE WHEN s.cover < 250 THEN current_date - 1 + floor(s.cover * 1.4)::int END,
            round((s.vel * GREATEST(0, 14 - s.cover) * v.price)::numeric, 2),
            CASE WHEN s.vel > 0 THEN ceil(s.vel * 30)::int END, s.vel * 21,
            CASE WHEN s.available <= 0 THEN 'out_of_stock' WHEN s.vel = 0 THEN 'no_sales' ELSE 'ok' END, 'smooth'
     FROM variants v
     LEFT JOIN inventory_items i ON i.shop_id = v.shop_id AND i.id = v.inventory_item_id
     CROSS JOIN LATERAL (
       SELECT COALESCE((SELECT sum(available) FROM inventory_levels l
                        WHERE l.shop_id = v.shop_id AND l.inventory_item_id = v.inventory_item_id), 0)::int AS available,
              CASE WHEN random() < 0.2 THEN 0 ELSE exp(-1 + 1.2 * sqrt(-2 * ln(random())) * cos(2 * pi() * random())) END AS vel
     ) s0
     CROSS JOIN LATERAL (
       SELECT s0.available, s0.vel,
              CASE WHEN s0.available <= 0 THEN 0 WHEN s0.vel > 0 THEN s0.available / s0.vel ELSE 1e9 END AS cover
     ) s
     WHERE v.shop_id = $1`,
  );
  await q(
    `INSERT INTO variant_overrides (shop_id, variant_id, lead_time_days, threshold, snoozed_until)
     SELECT $1, v, 7 + (v % 21), CASE WHEN v % 2 = 0 THEN 10 END, CASE WHEN v % 7 = 0 THEN now() + interval '3 days' END
     FROM generate_series(1, $2, 97) v`,
  );
  await q(
    `INSERT INTO vendor_overrides (shop_id, vendor, lead_time_days, threshold)
     SELECT $1, 'Vendor ' || n, 21, 8 FROM generate_series(0, 3) n WHERE $2 > 0`,
  );
  return shopId;
}

function views(): InventoryQuery[] {
  const base = DEFAULT_QUERY;
  const out: InventoryQuery[] = [];
  for (const sort of ["revenue", "days", "velocity", "stock"] as const)
    for (const dir of ["asc", "desc"] as const) out.push({ ...base, sort, dir });
  out.push({ ...base, severity: ["critical"] });
  out.push({ ...base, severity: ["warning", "attention"], sort: "days", dir: "asc" });
  out.push({ ...base, vendor: "Vendor 7" });
  out.push({ ...base, productType: "Type 3", sort: "velocity", dir: "desc" });
  out.push({ ...base, location: "2" });
  out.push({ ...base, q: "SKU-00123" });
  out.push({ ...base, q: "Product 99" });
  out.push({ ...base, page: 5 });
  out.push({ ...base, page: 40, pageSize: 100 });
  out.push({ ...base, pageSize: 100, sort: "days", dir: "asc" });
  return out;
}

const scratch = await scratchDatabase();
const pool = new pg.Pool({ connectionString: scratch.url, max: 5 });
try {
  const started = performance.now();
  await generate(pool, "neighbour.myshopify.com", Math.round(VARIANTS / 10), 0.3);
  await generate(pool, SHOP, VARIANTS, 0.7);
  await pool.query("ANALYZE");
  console.error(`generated ${VARIANTS} variants in ${Math.round(performance.now() - started)} ms`);

  const shop = (await loadShop(pool, SHOP))!;
  const mix = views();
  for (let i = 0; i < 2 * mix.length; i++)
    await loadInventoryPage(pool, shop, mix[i % mix.length]!);

  const times: number[] = [];
  const byView = new Map<string, number[]>();
  let atRisk = 0;
  for (let i = 0; i < CALLS; i++) {
    const view = mix[i % mix.length]!;
    const t0 = performance.now();
    const page = await loadInventoryPage(pool, shop, view);
    const ms = performance.now() - t0;
    if (i % mix.length === 0) atRisk = page.total;
    times.push(ms);
    const key = JSON.stringify(
      Object.fromEntries(
        Object.entries(view).filter(
          ([k, v]) =>
            v !== (DEFAULT_QUERY as Record<string, unknown>)[k] &&
            !(Array.isArray(v) && v.length === 0),
        ),
      ),
    );
    byView.set(key, [...(byView.get(key) ?? []), ms]);
  }
  for (const [view, t] of byView) {
    const sorted = t.sort((x, y) => x - y);
    console.error(
      `${view.padEnd(60)} p50 ${round(percentile(sorted, 50), 1)} ms  p95 ${round(percentile(sorted, 95), 1)} ms`,
    );
  }
  console.error(`at risk in the default view: ${atRisk} of ${VARIANTS} variants`);
  const sorted = times.sort((x, y) => x - y);
  printResult({
    bench: "dashboard",
    variants: VARIANTS,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
  });
} finally {
  await pool.end();
  await scratch.drop();
}
