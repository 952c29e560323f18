// A shop as the dashboard sees it: its row, settings with defaults filled in, and today in its
// time zone. Pure data access (no authentication here: see context.server.ts).
import { readShopSettings, type ShopSettings } from "../../domain/settings.ts";
import { dayInZone } from "../../domain/forecast/dates.ts";
import type { Queryable } from "../../infra/db.ts";

export type ShopContext = {
  id: number;
  domain: string;
  name: string | null;
  timezone: string;
  currency: string;
  settings: ShopSettings;
  today: string; // YYYY-MM-DD in the shop's time zone
  installed: boolean;
  backfill: { phase: string | null; pct: number; error: string | null };
};

export async function loadShop(
  db: Queryable,
  domain: string,
  now = new Date(),
): Promise<ShopContext | null> {
  const { rows } = await db.query<{
    id: number;
    domain: string;
    name: string | null;
    timezone: string;
    currency: string;
    backfill_phase: string | null;
    backfill_pct: number;
    backfill_error: string | null;
    settings: unknown;
    status: string;
  }>(
    // A shop whose history was never imported is waiting for its first backfill, even in the
    // instant between registration and afterAuth creating the run.
    `SELECT s.id, s.domain, s.name, s.timezone, s.currency,
            COALESCE(s.backfill_phase, CASE WHEN NOT EXISTS (
              SELECT 1 FROM sync_runs r WHERE r.shop_id = s.id AND r.kind = 'backfill' AND r.finished_at IS NOT NULL
            ) THEN 'queued' END) AS backfill_phase,
            s.backfill_pct, s.backfill_error, ss.settings, s.status
     FROM shops s LEFT JOIN shop_settings ss ON ss.shop_id = s.id
     WHERE s.domain = $1`,
    [domain],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    domain: r.domain,
    name: r.name,
    timezone: r.timezone,
    currency: r.currency,
    settings: readShopSettings(r.settings),
    today: safeToday(now, r.timezone),
    installed: r.status === "installed",
    backfill: { phase: r.backfill_phase, pct: r.backfill_pct, error: r.backfill_error },
  };
}

function safeToday(now: Date, timezone: string): string {
  try {
    return dayInZone(now, timezone);
  } catch {
    return dayInZone(now, "UTC");
  }
}
