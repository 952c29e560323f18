// Channel rows for the delivery jobs, always scoped to the shop.
import type { Queryable } from "../../infra/db.ts";
import type { ChannelRoute } from "../../domain/alerts/index.ts";
import { CHANNEL_COLUMNS, type ChannelRow } from "./destination.ts";

export type FullChannelRow = ChannelRow & {
  digest_hour: number;
  digest_weekday: number;
  quiet_start: number | null;
  quiet_end: number | null;
  min_severity: ChannelRoute["minSeverity"];
};

export async function loadChannel(
  db: Queryable,
  shopId: number,
  channelId: number,
): Promise<FullChannelRow | null> {
  const { rows } = await db.query<FullChannelRow>(
    `SELECT ${CHANNEL_COLUMNS}, digest_hour, digest_weekday, quiet_start, quiet_end, min_severity
     FROM channels WHERE shop_id = $1 AND id = $2`,
    [shopId, channelId],
  );
  return rows[0] ?? null;
}

export function routeOf(c: FullChannelRow): ChannelRoute {
  return {
    id: c.id,
    kind: c.kind,
    enabled: c.enabled,
    healthy: c.healthy,
    mode: c.mode,
    digestHour: c.digest_hour,
    digestWeekday: c.digest_weekday,
    quietStart: c.quiet_start,
    quietEnd: c.quiet_end,
    minSeverity: c.min_severity,
    fallbackChannelId: c.fallback_channel_id,
  };
}
