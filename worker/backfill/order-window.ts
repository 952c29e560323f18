// How far back the backfill reads orders. Shopify shows the last 60 days of orders unless the
// merchant granted read_all_orders; with it we read 400 days, a year and a month: enough to
// compare a season with the same season last year. Retention keeps at least as much
// (worker/schedules/retention.ts), so a backfilled day is never trimmed before its time.
export const ORDER_HISTORY_DAYS = { recent: 60, all: 400 } as const;

export function orderHistoryDays(grantedScopes: readonly string[]): number {
  return grantedScopes.includes("read_all_orders")
    ? ORDER_HISTORY_DAYS.all
    : ORDER_HISTORY_DAYS.recent;
}
