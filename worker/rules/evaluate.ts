// Alert evaluation after a forecast recompute: for the variants whose forecasts changed, load the
// snapshot the rules need, decide every episode key, and write transitions and notifications in
// one transaction per batch. The notifications this transaction created are handed to `enqueue`
// after the commit; if that fails they stay 'pending' in Postgres and the delivery sweeper
// enqueues them.
import { withTx, type Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import {
  alertEvaluationSeconds,
  alertTransitions,
  notificationsCreated,
} from "../../infra/metrics.ts";
import {
  evaluateVariant,
  planEpisodes,
  suppressionFor,
  type EpisodeContext,
} from "../../domain/alerts/index.ts";
import type { Clock } from "../dispatch/clock.ts";
import { needsWrite, persistPlans, type CreatedNotification, type VariantPlan } from "./persist.ts";
import { loadAlertShop, loadSnapshot } from "./snapshot.ts";

export const ALERT_BATCH = 500;

export type EvaluationSummary = {
  variants: number;
  transitions: Record<string, number>;
  notifications: number;
};

export type EnqueueCreated = (shopId: number, created: CreatedNotification[]) => Promise<void>;

export type EvaluateDeps = { db: Db; log: Logger; clock: Clock; enqueue: EnqueueCreated };

export async function evaluateVariants(
  d: EvaluateDeps,
  shopId: number,
  variantIds: string[],
  o: { baseline?: boolean } = {},
): Promise<EvaluationSummary> {
  const summary: EvaluationSummary = { variants: 0, transitions: {}, notifications: 0 };
  if (variantIds.length === 0) return summary;
  const shop = await loadAlertShop(d.db.pool, shopId);
  if (!shop || shop.status !== "installed") return summary;
  const baseline = o.baseline ?? shop.baseline;

  for (let i = 0; i < variantIds.length; i += ALERT_BATCH) {
    const ids = variantIds.slice(i, i + ALERT_BATCH);
    const timer = alertEvaluationSeconds.startTimer();
    const now = d.clock.now();
    const { variants: loaded, channels } = await loadSnapshot(d.db.pool, shop, ids, now);
    const batch: VariantPlan[] = loaded.map((v) => {
      const ctx: EpisodeContext = {
        now,
        cooldownMinutes: v.params.cooldownMinutes,
        notifyOnResolve: v.params.notifyOnResolve,
        suppressed: suppressionFor(v.params, now),
        baseline,
      };
      const conditions = v.snapshot ? evaluateVariant(v.snapshot, v.params) : [];
      return { plans: planEpisodes(conditions, v.open, v.lastResolvedAt, ctx), ctx };
    });
    const { created, transitions } = needsWrite(batch)
      ? await withTx(d.db.pool, (tx) =>
          persistPlans(tx, shopId, shop.timezone, batch, channels, now),
        )
      : { created: [], transitions: {} };
    timer();
    summary.variants += ids.length;
    summary.notifications += created.length;
    for (const [action, n] of Object.entries(transitions)) {
      summary.transitions[action] = (summary.transitions[action] ?? 0) + n;
      alertTransitions.inc({ action }, n);
    }
    for (const c of created)
      notificationsCreated.inc({ via: c.status === "digest" ? "digest" : "instant" });
    if (created.length > 0) {
      await d
        .enqueue(shopId, created)
        .catch((err) =>
          d.log.warn(
            { shopId, notifications: created.length, err: String(err) },
            "enqueue failed; the sweeper will retry",
          ),
        );
    }
  }
  return summary;
}
