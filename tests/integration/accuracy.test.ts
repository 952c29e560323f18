// Forecast accuracy against a real database, driven through the worker's own functions on a
// history written the way the backfill and webhooks write it: the daily snapshot kept by the
// recompute, the scoring job (censored days left out, nothing counted twice), the install replay,
// retention, and shops never reading or scoring each other's rows.
import { beforeAll, describe, expect, it } from "vitest";
import { openFileDatabase } from "../support/file-database.ts";
import type { Db } from "../../infra/db.ts";
import { createLogger } from "../../infra/log.ts";
import { addDays } from "../../domain/forecast/dates.ts";
import {
  addPeriod,
  emptyTally,
  figures,
  scorePeriod,
  weekOf,
  type Tally,
} from "../../domain/accuracy/index.ts";
import { markAllDirty, recomputeShop } from "../../worker/forecast/recompute.ts";
import { scoreShop, shopsDueForScoring } from "../../worker/accuracy/score-job.ts";
import { replayOrigins, replayShop } from "../../worker/accuracy/replay.ts";
import { applyRetention, RETENTION } from "../../worker/schedules/retention.ts";
import { loadAccuracy, loadPastForecasts } from "../../app/dashboard/accuracy.server.ts";
import { loadShop } from "../../app/dashboard/shop.server.ts";

let db: Db;
beforeAll(async () => {
  const database = await openFileDatabase(3);
  db = database.db;
  return database.close;
});

const log = createLogger("test", "silent");
const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  db.pool.query<T>(sql, params).then((r) => r.rows);
const at = (day: string) => new Date(`${day}T12:00:00Z`);

type VariantSpec = {
  id: number;
  tracked?: boolean;
  available: number;
  sales: (day: string) => number; // units sold that day
  out?: string[]; // days out of stock (nothing sold)
};

// A shop in UTC whose variants sold `sales(day)` a day from `start` to `end`, with the stock
// history the backfill writes: an opening row, then a row for each day out and the restock after.
async function makeShop(domain: string, start: string, end: string, variants: VariantSpec[]) {
  const [shop] = await q<{ id: number }>(
    `INSERT INTO shops (domain, timezone) VALUES ($1, 'UTC') RETURNING id`,
    [domain],
  );
  const id = shop!.id;
  await q(
    `INSERT INTO products (shop_id, id, title, vendor, product_type) VALUES ($1, 100, 'Trail mug', 'Acme', 'Mugs')`,
    [id],
  );
  for (const v of variants) {
    const item = v.id + 1_000;
    await q(
      `INSERT INTO variants (shop_id, id, product_id, title, sku, price, inventory_item_id, created_at)
       VALUES ($1, $2, 100, $3, $4, 20, $5, $6)`,
      [id, v.id, `Variant ${v.id}`, `SKU-${v.id}`, item, `${start}T00:00:00Z`],
    );
    await q(
      `INSERT INTO inventory_items (shop_id, id, variant_id, tracked) VALUES ($1, $2, $3, $4)`,
      [id, item, v.id, v.tracked ?? true],
    );
    await q(
      `INSERT INTO inventory_levels (shop_id, inventory_item_id, location_id, available, shopify_updated_at)
       VALUES ($1, $2, 1, $3, now())`,
      [id, item, v.available],
    );
    const out = new Set(v.out ?? []);
    const days: string[] = [];
    const units: number[] = [];
    for (let d = start; d <= end; d = addDays(d, 1)) {
      const n = out.has(d) ? 0 : v.sales(d);
      if (n > 0) {
        days.push(d);
        units.push(n);
      }
    }
    await q(
      `INSERT INTO daily_sales (shop_id, variant_id, day, units)
       SELECT $1, $2, unnest($3::date[]), unnest($4::int[])`,
      [id, v.id, days, units],
    );
    const stock: [string, number, boolean][] = [[addDays(start, -1), 500, false]];
    for (const d of [...out].sort()) {
      stock.push([d, 0, true]);
      if (!out.has(addDays(d, 1))) stock.push([addDays(d, 1), 500, false]);
    }
    await q(
      `INSERT INTO daily_stock (shop_id, variant_id, location_id, day, end_available, end_at, min_available, out_of_stock)
       SELECT $1, $2, 0, x.day, x.ends, x.day::timestamptz, x.ends, x.outs
       FROM unnest($3::date[], $4::int[], $5::boolean[]) AS x(day, ends, outs)
       ON CONFLICT DO NOTHING`,
      [id, v.id, stock.map((s) => s[0]), stock.map((s) => s[1]), stock.map((s) => s[2])],
    );
  }
  return id as number;
}

const weekly = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday

async function tallies(shopId: number, horizon = 7) {
  return q<Tally & { week: string; demand_class: string }>(
    `SELECT to_char(week, 'YYYY-MM-DD') AS week, demand_class, periods, censored, sold, forecast,
            abs_error AS "absError", seed_forecast AS "seedForecast", seed_abs_error AS "seedAbsError",
            range_periods AS "rangePeriods", in_range AS "inRange", stockouts,
            stockout_hits AS "stockoutHits", seed_stockout_hits AS "seedStockoutHits"
     FROM forecast_accuracy_weeks WHERE shop_id = $1 AND horizon = $2 ORDER BY week, demand_class`,
    [shopId, horizon],
  );
}

describe("the daily snapshot", () => {
  it("keeps each variant's first forecast of a day, with the seed formula's rate, and a new row the next day", async () => {
    const shop = await makeShop("snap.myshopify.com", "2025-11-01", "2026-03-19", [
      { id: 1, available: 80, sales: () => 2 },
      { id: 2, available: 10, sales: (d) => (weekly(d) === 1 ? 3 : 0) },
      { id: 3, available: 5, tracked: false, sales: () => 1 },
    ]);
    await markAllDirty(db, shop);
    await recomputeShop(db, shop, at("2026-03-20"));
    const rows = await q(
      `SELECT s.variant_id::int AS variant, to_char(s.day, 'YYYY-MM-DD') AS day, s.seed_rate, s.available,
              s.demand7_mean, s.demand30_mean, f.demand30_mean AS f30, s.stockout_days, s.replayed,
              f.stockout_p50 - s.day AS f_stockout, s.open7
       FROM forecast_snapshots s JOIN forecasts f ON f.shop_id = s.shop_id AND f.variant_id = s.variant_id
       WHERE s.shop_id = $1 ORDER BY s.variant_id`,
      [shop],
    );
    // The untracked variant has nothing to score.
    expect(rows.map((r) => r.variant)).toEqual([1, 2]);
    const [a, b] = rows;
    expect(a).toMatchObject({ day: "2026-03-19", available: 80, replayed: false, open7: null });
    expect(a!.seed_rate).toBeCloseTo(2, 5); // 60 units in 30 days ÷ 30
    expect(a!.demand30_mean).toBeCloseTo(a!.f30 as number, 3); // the forecast the shop saw
    expect(a!.demand7_mean).toBeGreaterThan(10);
    expect(a!.stockout_days).toBe(a!.f_stockout);
    // Mondays only: 4 or 5 Mondays in the 30 days to Mar 19, 3 units each.
    expect(b!.seed_rate).toBeCloseTo((3 * 4) / 30, 5);

    // A late order for the day changes the forecast, not the kept snapshot.
    await q(
      `UPDATE daily_sales SET units = 40 WHERE shop_id = $1 AND variant_id = 1 AND day = '2026-03-19'`,
      [shop],
    );
    await markAllDirty(db, shop);
    await recomputeShop(db, shop, at("2026-03-20"));
    const [again] = await q<{ seed_rate: number; n: number }>(
      `SELECT seed_rate, (SELECT count(*)::int FROM forecast_snapshots WHERE shop_id = $1) AS n
       FROM forecast_snapshots WHERE shop_id = $1 AND variant_id = 1`,
      [shop],
    );
    expect(again).toMatchObject({ n: 2 });
    expect(again!.seed_rate).toBeCloseTo(2, 5);

    await markAllDirty(db, shop);
    await recomputeShop(db, shop, at("2026-03-21"));
    const days = await q<{ day: string }>(
      `SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM forecast_snapshots WHERE shop_id = $1 ORDER BY 1`,
      [shop],
    );
    expect(days.map((d) => d.day)).toEqual(["2026-03-19", "2026-03-20"]);
  });
});

// Kept forecasts written as the recompute writes them, with round numbers to check by hand.
async function keep(shop: number, day: string, variant: number, mean7: number, seedRate: number) {
  await q(
    `INSERT INTO forecast_snapshots (shop_id, day, variant_id, demand7_mean, demand7_p10, demand7_p90,
       demand30_mean, demand30_p10, demand30_p90, seed_rate, available, stockout_days, demand_class)
     VALUES ($1, $2, $3, $4::real, $4::real * 0.5, $4::real * 1.5, $4::real * 30 / 7, $4::real * 3,
             $4::real * 6, $5, 40, 20, 1)`,
    [shop, day, variant, mean7, seedRate],
  );
}

describe("scoring", () => {
  it("scores passed periods on in-stock days only, once, next to the seed's forecast", async () => {
    const shop = await makeShop("score.myshopify.com", "2025-12-01", "2026-04-10", [
      { id: 1, available: 40, sales: () => 2 },
      // Out of stock on two days of the week after Mar 1, and from Mar 20 for good.
      {
        id: 2,
        available: 40,
        sales: () => 1,
        out: [
          "2026-03-04",
          "2026-03-05",
          ...Array.from({ length: 22 }, (_, i) => addDays("2026-03-20", i)),
        ],
      },
    ]);
    await keep(shop, "2026-03-01", 1, 12, 1.5);
    await keep(shop, "2026-03-01", 2, 7, 1);
    await keep(shop, "2026-03-05", 1, 14, 2); // its week has not passed on Mar 10

    // Mar 10: the final day is Mar 8 (one day of grace for late orders): D + 7 = Mar 8.
    const first = await scoreShop(db, shop, at("2026-03-10"));
    expect(first).toMatchObject({ through: "2026-03-08", scored: 2 });
    const rows = await q(
      `SELECT variant_id::int AS v, to_char(day, 'YYYY-MM-DD') AS day, sold7, open7, sold30
       FROM forecast_snapshots WHERE shop_id = $1 ORDER BY day, variant_id`,
      [shop],
    );
    expect(rows).toEqual([
      { v: 1, day: "2026-03-01", sold7: 14, open7: 7, sold30: null },
      { v: 2, day: "2026-03-01", sold7: 5, open7: 5, sold30: null },
      { v: 1, day: "2026-03-05", sold7: null, open7: null, sold30: null },
    ]);
    // The week's tally is what the pure scoring makes of the same inputs.
    const series = (units: number[], censored: number[]) => ({ units, censored });
    const expected = emptyTally();
    addPeriod(
      expected,
      scorePeriod(
        { mean: 12, p10: 6, p90: 18 },
        1.5,
        7,
        series([0, 2, 2, 2, 2, 2, 2, 2], [0, 0, 0, 0, 0, 0, 0, 0]),
        0,
      ),
    );
    addPeriod(
      expected,
      scorePeriod(
        { mean: 7, p10: 3.5, p90: 10.5 },
        1,
        7,
        series([0, 1, 1, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0, 0]),
        0,
      ),
    );
    const [week] = await tallies(shop);
    expect(week).toMatchObject({ week: weekOf("2026-03-01"), demand_class: "smooth", periods: 2 });
    expect(week!.sold).toBe(expected.sold);
    expect(week!.forecast).toBeCloseTo(expected.forecast, 4); // 12 + 7 × 5/7
    expect(week!.absError).toBeCloseTo(expected.absError, 4);
    expect(week!.seedForecast).toBeCloseTo(10.5 + 5, 4);
    expect(week!.rangePeriods).toBe(1); // only the fully in-stock week judges the range
    expect(week!.inRange).toBe(1);

    // Nothing is counted twice: not by the same day's run, nor by a run that lost its state.
    expect((await scoreShop(db, shop, at("2026-03-10"))).scored).toBe(0);
    await q(`DELETE FROM forecast_accuracy_state WHERE shop_id = $1`, [shop]);
    expect((await scoreShop(db, shop, at("2026-03-10"))).scored).toBe(0);
    expect(await tallies(shop)).toEqual([week]);

    // A month on: the 30-day periods and the stockout dates.
    const later = await scoreShop(db, shop, at("2026-04-02"));
    expect(later.through).toBe("2026-03-31");
    const month = await tallies(shop, 30);
    expect(month).toHaveLength(1);
    // Variant 2 ran out on Mar 4 (3 days after D); the engine's date was 20 days: a miss; the
    // seed's 40 ÷ 1 = 40 days: a miss. Variant 1 never ran out.
    expect(month[0]).toMatchObject({
      periods: 2,
      stockouts: 1,
      stockoutHits: 0,
      seedStockoutHits: 0,
    });
    const [v2] = await q(
      `SELECT sold30, open30, stockout_actual FROM forecast_snapshots WHERE shop_id = $1 AND variant_id = 2`,
      [shop],
    );
    // Mar 2–31 in stock on Mar 2–3 and 6–19: 16 days, one unit each.
    expect(v2).toEqual({ sold30: 16, open30: 16, stockout_actual: 3 });
    // The Mar 5 forecast's week was scored on the way.
    const [v1] = await q(
      `SELECT sold7, open7 FROM forecast_snapshots WHERE shop_id = $1 AND day = '2026-03-05'`,
      [shop],
    );
    expect(v1).toEqual({ sold7: 14, open7: 7 });
  });

  it("finds the shops whose final day moved past what was scored", async () => {
    const shop = await makeShop("due.myshopify.com", "2026-01-01", "2026-01-02", [
      { id: 1, available: 1, sales: () => 1 },
    ]);
    await keep(shop, "2026-01-01", 1, 7, 1);
    expect(await shopsDueForScoring(db)).toContain(shop);
    await scoreShop(db, shop);
    expect(await shopsDueForScoring(db)).not.toContain(shop);
  });
});

describe("the install replay", () => {
  it("replays weekly origins over the history, scores them at once, keeps recent ones, and runs once", async () => {
    const now = at("2026-03-20");
    const shop = await makeShop("replay.myshopify.com", "2025-12-01", "2026-03-19", [
      { id: 1, available: 60, sales: () => 2 },
      { id: 2, available: 30, sales: (d) => (weekly(d) % 2 === 0 ? 1 : 0) },
      {
        id: 3,
        available: 30,
        sales: (d) => (weekly(d) === 5 ? 4 : 0),
        out: ["2026-02-10", "2026-02-11"],
      },
    ]);
    const origins = replayOrigins("2025-12-01", "2026-03-18");
    // Weekly through the last day whose 30-day period has passed (Feb 16, the final day being
    // Mar 18), the newest nine days before the final day, back to four weeks after sales began.
    expect(origins[0]).toBe("2026-03-09");
    expect(origins).toContain("2026-02-16");
    expect(origins.at(-1)! >= addDays("2025-12-01", 27)).toBe(true);
    expect(origins).toHaveLength(11);

    const stats = await replayShop(db, shop, log, now, 2);
    expect(stats).toMatchObject({ origins: 11, variants: 3, forecasts: 33 });
    const weeks = await tallies(shop);
    const all = weeks.reduce((t, w) => {
      t.periods += w.periods;
      t.censored += w.censored;
      return t;
    }, emptyTally());
    expect(all.periods + all.censored).toBe(33);
    expect(weeks.map((w) => w.week)).toContain(weekOf("2026-03-09"));
    // Origins up to Feb 16 have had their 30 days: the month's figures exist from day one.
    const months = await tallies(shop, 30);
    expect(months.reduce((n, m) => n + m.periods + m.censored, 0)).toBe(3 * 8); // Feb 16 back to Dec 29
    // Rows are kept within the snapshot retention only, marked replayed and already scored.
    const kept = await q<{ day: string; n: number; scored: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS n, count(open7)::int AS scored
       FROM forecast_snapshots WHERE shop_id = $1 AND replayed GROUP BY day ORDER BY day`,
      [shop],
    );
    const keepFrom = addDays("2026-03-18", -RETENTION.forecastSnapshotsDays);
    expect(kept.map((k) => k.day)).toEqual(origins.filter((o) => o >= keepFrom).reverse());
    expect(kept.every((k) => k.n === 3 && k.scored === 3)).toBe(true);
    // The steady seller (2 a day): the seed says exactly 2 a day; the engine's week sees the
    // level (a sanity bound: the engine's own accuracy is the backtest's business, not this).
    const steady = await q<{ demand7_mean: number; seed_rate: number; sold7: number }>(
      `SELECT demand7_mean, seed_rate, sold7 FROM forecast_snapshots WHERE shop_id = $1 AND variant_id = 1 AND day = '2026-03-09'`,
      [shop],
    );
    expect(steady[0]!.sold7).toBe(14);
    expect(steady[0]!.seed_rate).toBe(2);
    expect(steady[0]!.demand7_mean).toBeGreaterThan(7);
    expect(steady[0]!.demand7_mean).toBeLessThan(28);
    expect(
      await q(
        `SELECT replay_status, replay_cursor::int AS cursor FROM forecast_accuracy_state WHERE shop_id = $1`,
        [shop],
      ),
    ).toEqual([{ replay_status: "done", cursor: 3 }]);

    // Once per install: a second run changes nothing.
    expect(await replayShop(db, shop, log, now)).toBeNull();
    expect(await tallies(shop)).toEqual(weeks);
    const view = await loadAccuracy(
      db.pool,
      (await loadShop(db.pool, "replay.myshopify.com", now))!,
      7,
    );
    expect(view.recent!.figures.periods).toBeGreaterThan(0);
    expect(view.replay).toMatchObject({ status: "done", origins: 11, forecasts: 33 });
  });

  it("resumes a stopped replay after its last committed batch, counting nothing twice", async () => {
    const now = at("2026-03-20");
    const spec: VariantSpec[] = [
      { id: 1, available: 60, sales: () => 2 },
      { id: 2, available: 30, sales: (d) => (weekly(d) % 2 === 0 ? 1 : 0) },
      { id: 3, available: 30, sales: (d) => (weekly(d) === 5 ? 4 : 0) },
    ];
    const whole = await makeShop("replay-whole.myshopify.com", "2025-12-01", "2026-03-19", spec);
    const stopped = await makeShop("replay-stop.myshopify.com", "2025-12-01", "2026-03-19", spec);
    await replayShop(db, whole, log, now, 1);
    // The worker stops after the first batch of one variant.
    let checks = 0;
    const stopAfterOne = {
      throwIfAborted() {
        if (++checks > 1) throw new Error("worker stopping");
      },
    } as AbortSignal;
    await expect(replayShop(db, stopped, log, now, 1, stopAfterOne)).rejects.toThrow("stopping");
    expect(
      await q(
        `SELECT replay_status, replay_cursor::int AS cursor FROM forecast_accuracy_state WHERE shop_id = $1`,
        [stopped],
      ),
    ).toEqual([{ replay_status: "running", cursor: 1 }]);
    const resumed = await replayShop(db, stopped, log, now, 1);
    expect(resumed).toMatchObject({ variants: 3, forecasts: 33 });
    const strip = (rows: Awaited<ReturnType<typeof tallies>>) => rows.map((r) => ({ ...r }));
    expect(strip(await tallies(stopped))).toEqual(strip(await tallies(whole)));
  });
});

describe("retention", () => {
  it("drops kept forecasts and misses after the snapshot retention, tallies after the history's", async () => {
    const shop = await makeShop("retain-acc.myshopify.com", "2026-01-01", "2026-01-02", [
      { id: 1, available: 1, sales: () => 1 },
    ]);
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await keep(shop, daysAgo(RETENTION.forecastSnapshotsDays + 2), 1, 7, 1);
    await keep(shop, daysAgo(3), 1, 7, 1);
    for (const week of [
      daysAgo(RETENTION.accuracyWeeksDays + 7),
      daysAgo(RETENTION.forecastSnapshotsDays + 7),
      daysAgo(7),
    ]) {
      await q(
        `INSERT INTO forecast_accuracy_weeks (shop_id, week, horizon, demand_class, periods) VALUES ($1, $2, 7, 'smooth', 1)`,
        [shop, week],
      );
      await q(
        `INSERT INTO forecast_misses (shop_id, week, variant_id, day, forecast, low, high, seed_forecast, sold, open_days, error)
         VALUES ($1, $2, 1, $2, 1, 0, 2, 1, 9, 7, 8)`,
        [shop, week],
      );
    }
    const deleted = await applyRetention(db);
    expect(deleted.forecast_snapshots).toBeGreaterThanOrEqual(1);
    const left = async (table: string, col: string) =>
      (
        await q<{ d: string }>(
          `SELECT to_char(${col}, 'YYYY-MM-DD') AS d FROM ${table} WHERE shop_id = $1 ORDER BY 1`,
          [shop],
        )
      ).map((r) => r.d);
    expect(await left("forecast_snapshots", "day")).toEqual([daysAgo(3)]);
    expect(await left("forecast_misses", "week")).toEqual([daysAgo(7)]);
    expect(await left("forecast_accuracy_weeks", "week")).toEqual([
      daysAgo(RETENTION.forecastSnapshotsDays + 7),
      daysAgo(7),
    ]);
  });
});

describe("tenant isolation", () => {
  it("scores, reads and deletes one shop's accuracy without touching another's, even with the same ids", async () => {
    const spec = (sales: number): VariantSpec[] => [{ id: 7, available: 50, sales: () => sales }];
    const a = await makeShop("iso-a.myshopify.com", "2025-12-01", "2026-03-19", spec(1));
    const b = await makeShop("iso-b.myshopify.com", "2025-12-01", "2026-03-19", spec(9));
    await q(`UPDATE products SET title = 'SHOPB mug' WHERE shop_id = $1`, [b]);
    await keep(a, "2026-03-01", 7, 7, 1);
    await keep(b, "2026-03-01", 7, 7, 9);
    await scoreShop(db, a, at("2026-03-10"));
    // B's forecast is untouched by A's scoring, and A's figures come from A's sales alone.
    expect(await q(`SELECT open7 FROM forecast_snapshots WHERE shop_id = $1`, [b])).toEqual([
      { open7: null },
    ]);
    const [ta] = await tallies(a);
    expect(ta!.sold).toBe(7);
    await scoreShop(db, b, at("2026-03-10"));
    const [tb] = await tallies(b);
    expect(tb!.sold).toBe(63);

    const shopA = (await loadShop(db.pool, "iso-a.myshopify.com", at("2026-03-12")))!;
    const view = await loadAccuracy(db.pool, shopA, 7);
    expect(view.recent!.figures.sold).toBe(7);
    expect(figures(ta!).wape).toBeCloseTo(view.recent!.figures.wape!, 6);
    expect(JSON.stringify(view)).not.toContain("SHOPB");
    expect(view.misses.map((m) => m.productTitle)).toEqual(["Trail mug"]);
    const past = await loadPastForecasts(db.pool, a, "7", "2026-02-01", "2026-03-11");
    expect(past).toEqual([expect.objectContaining({ day: "2026-03-01", sold: 7, seed: 7 })]);

    // shop/redact deletes the shop's accuracy with it, and only its.
    await q(`DELETE FROM shops WHERE id = $1`, [b]);
    for (const table of [
      "forecast_snapshots",
      "forecast_accuracy_weeks",
      "forecast_misses",
      "forecast_accuracy_state",
    ]) {
      const counts = await q<{ a: number; b: number }>(
        `SELECT count(*) FILTER (WHERE shop_id = $1)::int AS a, count(*) FILTER (WHERE shop_id = $2)::int AS b FROM ${table}`,
        [a, b],
      );
      expect(counts[0]).toMatchObject({ a: expect.any(Number), b: 0 });
      expect(counts[0]!.a).toBeGreaterThan(0);
    }
  });
});
