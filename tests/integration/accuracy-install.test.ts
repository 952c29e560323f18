// The accuracy replay at install, through the product's own processes: a merchant opens the app,
// the worker backfills the simulated store's history, keeps the day's forecasts, and — the
// backfill done — replays the history so the accuracy page has scores on day one. A replay whose
// job was lost is picked up again by the worker's next start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/stack.ts";
import {
  installFromAdmin,
  startStoreAndStack,
  waitForBackfill,
  type StoreAndStack,
} from "../support/simulated-store.ts";
import { replayOrigins } from "../../worker/accuracy/replay.ts";
import { finalDay } from "../../worker/accuracy/score-job.ts";
import { addDays } from "../../domain/forecast/dates.ts";

const SHOP = "replay-gear.myshopify.com";

let env: StoreAndStack;
beforeAll(async () => {
  env = await startStoreAndStack({
    fake: {
      seed: 5,
      shops: [{ domain: SHOP, minProducts: 30, minVariants: 120, targetOrders: 1_500 }],
    },
  });
});
afterAll(() => env?.close());

const q = async <T extends object>(sql: string, params: unknown[] = []) =>
  (await env.stack.db.query<T & Record<string, unknown>>(sql, params)).rows;

async function replayDone(id: number) {
  return waitFor(
    "accuracy replay done",
    async () => {
      const [s] = await q<{ replay_status: string; replay_stats: Record<string, number> }>(
        `SELECT replay_status, replay_stats FROM forecast_accuracy_state WHERE shop_id = $1`,
        [id],
      );
      return s?.replay_status === "done" ? s.replay_stats : null;
    },
    40_000,
    100,
  );
}

describe("accuracy at install", () => {
  it("keeps the day's forecasts and replays the backfilled history once the backfill is done", async () => {
    const id = await installFromAdmin(env.stack.webUrl, env.stack.db, SHOP).catch((err) => {
      console.log(env.stack.web.output().slice(-3000));
      throw err;
    });
    const { run } = await waitForBackfill(env.stack.db, id, { timeoutMs: 60_000 });
    const stats = await replayDone(id);
    const [shop] = await q<{ timezone: string }>(`SELECT timezone FROM shops WHERE id = $1`, [id]);
    const through = finalDay(new Date(), shop!.timezone);
    const [since] = await q<{ first: string }>(
      `SELECT to_char(min(day), 'YYYY-MM-DD') AS first FROM daily_sales WHERE shop_id = $1`,
      [id],
    );
    const origins = replayOrigins(since!.first, through);
    expect(origins.length).toBeGreaterThanOrEqual(3);
    expect(stats.origins).toBe(origins.length);
    expect(stats.forecasts).toBeGreaterThan(origins.length * 50);

    // The live snapshot: every tracked variant's forecast of the install day (its last complete
    // day), as the forecasts table holds it.
    const [live] = await q<{ kept: number; forecasts: number; mismatched: number }>(
      `SELECT count(*)::int AS kept,
              (SELECT count(*)::int FROM forecasts WHERE shop_id = $1 AND tracked AND demand30_mean IS NOT NULL) AS forecasts,
              count(*) FILTER (WHERE abs(s.demand30_mean - f.demand30_mean) > 0.001 * (1 + f.demand30_mean))::int AS mismatched
       FROM forecast_snapshots s JOIN forecasts f ON f.shop_id = s.shop_id AND f.variant_id = s.variant_id
       WHERE s.shop_id = $1 AND NOT s.replayed AND s.day = f.as_of`,
      [id],
    );
    expect(live!.kept).toBe(live!.forecasts);
    expect(live!.mismatched).toBe(0);

    // Replayed forecasts: weekly origins, already scored, tallied per week and class.
    const replayed = await q<{ day: string }>(
      `SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM forecast_snapshots
       WHERE shop_id = $1 AND replayed AND open7 IS NOT NULL ORDER BY 1 DESC`,
      [id],
    );
    expect(replayed.map((r) => r.day)).toEqual(origins.filter((o) => o >= addDays(through, -42)));
    const [tallied] = await q<{ periods: number; censored: number; weeks: number }>(
      `SELECT sum(periods)::int AS periods, sum(censored)::int AS censored, count(DISTINCT week)::int AS weeks
       FROM forecast_accuracy_weeks WHERE shop_id = $1 AND horizon = 7`,
      [id],
    );
    expect(tallied!.periods + tallied!.censored).toBe(stats.forecasts);
    expect(tallied!.weeks).toBeGreaterThanOrEqual(origins.length - 1);
    expect(run.phase).toBe("done");
  });

  it("a replay lost with its job runs when the worker next starts, counting nothing twice", async () => {
    const [{ id }] = (await q<{ id: number }>(`SELECT id FROM shops WHERE domain = $1`, [
      SHOP,
    ])) as [{ id: number }];
    const before = await q(
      `SELECT week, sum(periods)::int AS periods FROM forecast_accuracy_weeks WHERE shop_id = $1 GROUP BY week ORDER BY week`,
      [id],
    );
    await env.stack.stopWorker("SIGTERM");
    // As if Redis had lost the job before it ran: nothing replayed, nothing tallied.
    await q(`DELETE FROM forecast_accuracy_state WHERE shop_id = $1`, [id]);
    await q(`DELETE FROM forecast_accuracy_weeks WHERE shop_id = $1`, [id]);
    await q(`DELETE FROM forecast_misses WHERE shop_id = $1`, [id]);
    await q(`DELETE FROM forecast_snapshots WHERE shop_id = $1 AND replayed`, [id]);
    await env.stack.startWorker();
    await replayDone(id);
    // Same history, same origins: the same tallies again (the live snapshot is not yet due).
    const after = await q(
      `SELECT week, sum(periods)::int AS periods FROM forecast_accuracy_weeks WHERE shop_id = $1 GROUP BY week ORDER BY week`,
      [id],
    );
    expect(after).toEqual(before);
  });
});
