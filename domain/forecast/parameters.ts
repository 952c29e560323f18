// Per-class parameters of the engine, as chosen by the backtest's tuning stage on the Online
// Retail data (`npm run backtest -- --data …/online-retail/daily_demand.csv`): for each
// shop-level constant, alpha and beta per class for the lowest RMSSE of 30-day demand, then the
// shop-level constant with the lowest overall RMSSE, then the level variance per class for
// 80 % coverage of the P10–P90 range. Tuning used only the 12 weekly origins 2011-01-31 ..
// 2011-04-18, whose outcomes end before the first scored origin (docs/forecasting/backtest.md).
// Long memories won: this shop's single-SKU sales are too lumpy for anything faster, and the
// shop-level correction catches up with moves of the whole shop.
import type { EngineParameters } from "./types.ts";

export const DEFAULT_PARAMETERS: EngineParameters = {
  classes: {
    smooth: { alpha: 0.02, beta: 0.05, levelVariance: 0.5 },
    erratic: { alpha: 0.02, beta: 0.05, levelVariance: 0.2 },
    intermittent: { alpha: 0.02, beta: 0.005, levelVariance: 0.8 },
    lumpy: { alpha: 0.02, beta: 0.1, levelVariance: 0.5 },
    none: { alpha: 0.02, beta: 0.05, levelVariance: 0.5 },
  },
  shopLevel: 0.03,
};
