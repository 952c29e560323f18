import type { Queryable } from "../../infra/db.ts";

export type AcceptedEvent = {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
  triggeredAt: string | null;
  payload: unknown;
};

// Records a batch of accepted events in one statement. Returns, per event, its new row id, or
// null when (shop, webhook id) was already recorded (a duplicate delivery, possibly in the same
// batch: the first one wins).
export async function recordEvents(
  db: Queryable,
  events: AcceptedEvent[],
): Promise<Array<string | null>> {
  const { rows } = await db.query<{ id: string; shop: string; webhook_id: string }>(
    `INSERT INTO webhook_events (shop, topic, webhook_id, event_id, api_version, triggered_at, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[])
     ON CONFLICT (shop, webhook_id) DO NOTHING
     RETURNING id, shop, webhook_id`,
    [
      events.map((e) => e.shop),
      events.map((e) => e.topic),
      events.map((e) => e.webhookId),
      events.map((e) => e.eventId),
      events.map((e) => e.apiVersion),
      events.map((e) => parseTime(e.triggeredAt)),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
  const inserted = new Map(rows.map((r) => [`${r.shop}\n${r.webhook_id}`, r.id]));
  return events.map((e) => {
    const key = `${e.shop}\n${e.webhookId}`;
    const id = inserted.get(key);
    if (id === undefined) return null;
    inserted.delete(key);
    return id;
  });
}

export async function recordRejection(
  db: Queryable,
  r: {
    shop: string | null;
    topic: string | null;
    webhookId: string | null;
    reason: string;
    status: number;
    bytes: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO rejected_webhooks (shop, topic, webhook_id, reason, status, bytes) VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.shop, r.topic, r.webhookId, r.reason.slice(0, 500), r.status, r.bytes],
  );
}

function parseTime(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
