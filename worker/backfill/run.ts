// The backfill of one install, step by step. Each completed step is recorded in the run's state,
// so an attempt that follows a crash, a deploy or an error skips what is done and picks up a bulk
// operation still running at Shopify by its id. Every step is idempotent besides: redoing one
// (the attempt died inside it) writes nothing twice.
import type { BackfillContext } from "./context.ts";
import { STEPS, type Step } from "./progress.ts";
import { locationsStep, shopStep } from "./shop-info.ts";
import { catalogStep } from "./catalog.ts";
import { ordersStep } from "./orders.ts";
import { refundsStep } from "./refunds.ts";
import { stockHistoryStep } from "./stock-history.ts";
import { forecastStep } from "./forecast.ts";

const RUN: Record<Step, (ctx: BackfillContext) => Promise<void>> = {
  shop: shopStep,
  locations: locationsStep,
  catalog: catalogStep,
  orders: ordersStep,
  refunds: refundsStep,
  derive: stockHistoryStep,
  forecast: forecastStep,
};

export async function runBackfill(ctx: BackfillContext): Promise<void> {
  const { progress, log } = ctx;
  const started = performance.now();
  for (const step of STEPS) {
    if (progress.state.done.includes(step)) continue;
    const t0 = performance.now();
    await progress.enter(step);
    await RUN[step](ctx);
    const seconds = Math.round(performance.now() - t0) / 1000;
    progress.state.seconds = { ...progress.state.seconds, [step]: seconds };
    progress.state.done.push(step);
    await progress.save();
    log.info({ shop: ctx.shop.domain, runId: ctx.runId, step, seconds }, "backfill step done");
  }
  const seconds = Object.values(progress.state.seconds ?? {}).reduce((a, b) => a + b, 0);
  progress.stats.seconds = Math.round(seconds * 1000) / 1000;
  await progress.finish();
  log.info(
    {
      shop: ctx.shop.domain,
      runId: ctx.runId,
      stats: progress.stats,
      attemptSeconds: (performance.now() - started) / 1000,
    },
    "backfill done",
  );
}
