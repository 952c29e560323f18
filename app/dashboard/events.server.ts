// The webhook audit trail of one shop: what arrived, what the worker made of it, what failed and
// why, and what the intake refused. webhook_events and rejected_webhooks key shops by domain.
import type { Queryable } from "../../infra/db.ts";

export type EventRow = {
  id: string;
  topic: string;
  webhookId: string;
  status: string;
  attempts: number;
  error: string | null;
  receivedAt: string;
  processedAt: string | null;
};

export type TopicDay = { topic: string; day: string; total: number; failed: number };
export type RejectedRow = {
  id: string;
  topic: string | null;
  webhookId: string | null;
  reason: string;
  status: number;
  bytes: number;
  receivedAt: string;
};

export type EventsPage = {
  recent: EventRow[];
  perDay: TopicDay[];
  days: string[];
  failures: EventRow[];
  rejected: RejectedRow[];
};

const EVENT_DAYS = 14;

type RawEvent = {
  id: string;
  topic: string;
  webhook_id: string;
  status: string;
  attempts: number;
  error: string | null;
  received_at: Date;
  processed_at: Date | null;
};

const EVENT_COLUMNS = `id, topic, webhook_id, status, attempts, error, received_at, processed_at`;

export async function loadEvents(
  db: Queryable,
  shop: { domain: string; timezone: string; today: string },
): Promise<EventsPage> {
  const [recent, perDay, failures, rejected] = await Promise.all([
    db.query<RawEvent>(
      `SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE shop = $1 ORDER BY received_at DESC, id DESC LIMIT 50`,
      [shop.domain],
    ),
    db.query<{ topic: string; day: string; total: string; failed: string }>(
      `SELECT topic, to_char((received_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day,
              count(*) AS total, count(*) FILTER (WHERE status = 'failed') AS failed
       FROM webhook_events
       WHERE shop = $1 AND received_at >= ($3::date - ($4::int - 1))::timestamp AT TIME ZONE $2
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [shop.domain, shop.timezone, shop.today, EVENT_DAYS],
    ),
    db.query<RawEvent>(
      `SELECT ${EVENT_COLUMNS} FROM webhook_events
       WHERE shop = $1 AND status IN ('failed', 'skipped')
       ORDER BY received_at DESC, id DESC LIMIT 50`,
      [shop.domain],
    ),
    db.query<{
      id: string;
      topic: string | null;
      webhook_id: string | null;
      reason: string;
      status: number;
      bytes: number;
      received_at: Date;
    }>(
      `SELECT id, topic, webhook_id, reason, status, bytes, received_at FROM rejected_webhooks
       WHERE shop = $1 ORDER BY received_at DESC, id DESC LIMIT 50`,
      [shop.domain],
    ),
  ]);
  const days: string[] = [];
  const end = Date.parse(`${shop.today}T00:00:00Z`);
  for (let i = EVENT_DAYS - 1; i >= 0; i--)
    days.push(new Date(end - i * 86_400_000).toISOString().slice(0, 10));
  return {
    recent: recent.rows.map(toEvent),
    perDay: perDay.rows.map((r) => ({
      topic: r.topic,
      day: r.day,
      total: Number(r.total),
      failed: Number(r.failed),
    })),
    days,
    failures: failures.rows.map(toEvent),
    rejected: rejected.rows.map((r) => ({
      id: r.id,
      topic: r.topic,
      webhookId: r.webhook_id,
      reason: r.reason,
      status: r.status,
      bytes: r.bytes,
      receivedAt: r.received_at.toISOString(),
    })),
  };
}

function toEvent(r: RawEvent): EventRow {
  return {
    id: r.id,
    topic: r.topic,
    webhookId: r.webhook_id,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    receivedAt: r.received_at.toISOString(),
    processedAt: r.processed_at?.toISOString() ?? null,
  };
}
