// Reconciliation figures on the worker's /metrics: how often drift is found is how often
// webhooks were lost or late.
import { Counter } from "prom-client";
import { registry } from "../../infra/metrics.ts";

export const reconcileRuns = new Counter({
  name: "radar_reconcile_runs_total",
  help: "Reconciliation sweeps run, by result",
  labelNames: ["result"] as const,
  registers: [registry],
});

export const reconcileCorrections = new Counter({
  name: "radar_reconcile_corrections_total",
  help: "Inventory levels a reconciliation sweep found wrong and repaired",
  registers: [registry],
});
