// The delivery log and channel health. Errors stored here come from the channel modules, which
// build them from status codes and provider messages and scrub URLs, tokens and keys.
import type { Queryable } from "../../infra/db.ts";
import type { SendOutcome } from "../../channels/index.ts";
import { deliveryAttempts, deliverySeconds } from "../../infra/metrics.ts";

export type AttemptOutcome = "sent" | "retry" | "failed" | "breaker_open" | "test";

export async function recordAttempt(
  db: Queryable,
  a: {
    shopId: number;
    notificationId: string | null;
    channelId: number;
    kind: string;
    outcome: AttemptOutcome;
    result?: SendOutcome;
    error?: string;
  },
): Promise<void> {
  const r = a.result;
  deliveryAttempts.inc({ kind: a.kind, outcome: a.outcome });
  if (r) deliverySeconds.observe({ kind: a.kind }, r.durationMs / 1000);
  await db.query(
    `INSERT INTO delivery_attempts (shop_id, notification_id, channel_id, outcome, response_code, error,
                                    duration_ms, retry_after_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      a.shopId,
      a.notificationId,
      a.channelId,
      a.outcome,
      r?.status ?? null,
      a.error ?? (r && !r.ok ? r.error : null),
      r ? Math.round(r.durationMs) : null,
      r && !r.ok && r.retryAfterMs !== undefined ? Math.round(r.retryAfterMs) : null,
    ],
  );
}

// The destination is gone or refuses us: stop sending there and tell the merchant why.
export async function markUnhealthy(
  db: Queryable,
  shopId: number,
  channelId: number,
  reason: string,
) {
  await db.query(
    `UPDATE channels SET healthy = false, unhealthy_reason = $3, updated_at = now()
     WHERE shop_id = $1 AND id = $2`,
    [shopId, channelId, reason.slice(0, 500)],
  );
}

export async function markHealthy(db: Queryable, shopId: number, channelId: number) {
  await db.query(
    `UPDATE channels SET healthy = true, unhealthy_reason = NULL, updated_at = now()
     WHERE shop_id = $1 AND id = $2 AND NOT healthy`,
    [shopId, channelId],
  );
}
