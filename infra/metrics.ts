// Prometheus metrics, one registry per process, served at /metrics by web and worker.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const webhooksReceived = new Counter({
  name: "radar_webhooks_received_total",
  help: "Webhooks answered by the intake, by topic and outcome",
  labelNames: ["topic", "outcome"] as const,
  registers: [registry],
});

export const intakeSeconds = new Histogram({
  name: "radar_intake_seconds",
  help: "Time to verify, record and enqueue one webhook",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export const enqueueFailures = new Counter({
  name: "radar_enqueue_failures_total",
  help: "Accepted events that could not be enqueued at once (left for the sweeper)",
  registers: [registry],
});

export const eventsApplied = new Counter({
  name: "radar_events_applied_total",
  help: "Events applied by the worker, by topic and result",
  labelNames: ["topic", "result"] as const,
  registers: [registry],
});

export const variantsRecomputed = new Counter({
  name: "radar_variants_recomputed_total",
  help: "Variant forecasts recomputed",
  registers: [registry],
});

export const recomputeRuns = new Counter({
  name: "radar_recompute_runs_total",
  help: "Recompute jobs run (each covers every variant made dirty since the last one)",
  registers: [registry],
});

export const sweptEvents = new Counter({
  name: "radar_swept_events_total",
  help: "Accepted events re-enqueued by the sweeper",
  registers: [registry],
});
