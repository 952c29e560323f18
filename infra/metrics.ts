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

export const alertTransitions = new Counter({
  name: "radar_alert_transitions_total",
  help: "Alert episode transitions written, by action (open, notify_open, escalate, update, resolve)",
  labelNames: ["action"] as const,
  registers: [registry],
});

export const notificationsCreated = new Counter({
  name: "radar_notifications_created_total",
  help: "Alert notifications created (one per episode step and channel), by routing",
  labelNames: ["via"] as const,
  registers: [registry],
});

export const deliveryAttempts = new Counter({
  name: "radar_delivery_attempts_total",
  help: "Attempts to send an alert, digest or test alert, by channel kind and outcome",
  labelNames: ["kind", "outcome"] as const,
  registers: [registry],
});

export const deliverySeconds = new Histogram({
  name: "radar_delivery_seconds",
  help: "Time the destination took to answer one send attempt",
  labelNames: ["kind"] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const breakerOpened = new Counter({
  name: "radar_delivery_breaker_opened_total",
  help: "Times a destination's circuit breaker opened",
  labelNames: ["kind"] as const,
  registers: [registry],
});

export const alertEvaluationSeconds = new Histogram({
  name: "radar_alert_evaluation_seconds",
  help: "Time to evaluate one batch of variants and write its episode transitions",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
