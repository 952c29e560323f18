import type { Db } from "../../infra/db.ts";

export type AcceptedEvent = {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: string | null;
  payload: unknown;
};

// Returns the new row id, or null when (shop, webhook id) was already recorded (a duplicate).
export async function recordEvent(db: Db, e: AcceptedEvent): Promise<string | null> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_events (shop, topic, webhook_id, event_id, api_version, triggered_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (shop, webhook_id) DO NOTHING
     RETURNING id`,
    [e.shop, e.topic, e.webhookId, e.eventId, e.apiVersion, parseTime(e.triggeredAt), e.payload],
  );
  return rows[0]?.id ?? null;
}

export async function recordRejection(
  db: Db,
  r: {
    shop: string | null;
    topic: string | null;
    webhookId: string | null;
    reason: string;
    status: number;
    bytes: number;
  },
): Promise<void> {
  await db.pool.query(
    `INSERT INTO rejected_webhooks (shop, topic, webhook_id, reason, status, bytes) VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.shop, r.topic, r.webhookId, r.reason.slice(0, 500), r.status, r.bytes],
  );
}

function parseTime(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
