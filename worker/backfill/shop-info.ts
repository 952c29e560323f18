// The first two steps: the shop itself (its time zone decides what a "day" is for every daily
// row that follows), the totals the progress bar divides by, and the locations.
import {
  BACKFILL_COUNTS_QUERY,
  LOCATIONS_QUERY,
  SHOP_QUERY,
  ordersCreatedSince,
  type BackfillCountsData,
  type LocationNode,
  type LocationsData,
  type ShopData,
} from "../../infra/shopify-queries.ts";
import { legacyId } from "../../infra/shopify-admin.ts";
import type { BackfillContext } from "./context.ts";
import { orderHistoryDays } from "./order-window.ts";

export async function shopStep(ctx: BackfillContext): Promise<void> {
  const { data } = await ctx.admin.request<ShopData>(SHOP_QUERY, { signal: ctx.signal });
  const s = data.shop;
  // What the merchant granted, as Shopify reports it now (the stored session may predate a
  // change of scopes): read_all_orders widens the order history we can read.
  const scopes = data.currentAppInstallation.accessScopes.map((a) => a.handle);
  const days = orderHistoryDays(scopes);
  // The first complete local day inside the window, and the instant it starts: a partial first
  // day would look like a slow day.
  const { rows } = await ctx.db.pool.query<{ since_day: string; since: Date }>(
    `WITH d AS (SELECT ((now() AT TIME ZONE $2)::date - $3::int + 1) AS day)
     UPDATE shops SET name = $4, timezone = $2, currency = $5, scopes = $6, updated_at = now()
     FROM d WHERE id = $1
     RETURNING to_char(d.day, 'YYYY-MM-DD') AS since_day, (d.day::timestamp AT TIME ZONE $2) AS since`,
    [ctx.shop.id, s.ianaTimezone, days, s.name, s.currencyCode, scopes.join(",")],
  );
  ctx.progress.stats.orderDays = days;
  ctx.shop.timezone = s.ianaTimezone;
  const state = ctx.progress.state;
  state.sinceDay = rows[0]!.since_day;
  state.since = rows[0]!.since.toISOString();

  const counts = await ctx.admin.request<BackfillCountsData>(BACKFILL_COUNTS_QUERY, {
    variables: { ordersQuery: ordersCreatedSince(rows[0]!.since) },
    signal: ctx.signal,
  });
  state.totals = {
    variants: counts.data.productVariantsCount?.count ?? 0,
    orders: counts.data.ordersCount?.count ?? 0,
  };
}

export async function locationsStep(ctx: BackfillContext): Promise<void> {
  const all: LocationNode[] = [];
  for await (const page of ctx.admin.pages<LocationsData, LocationNode>(
    LOCATIONS_QUERY,
    (d) => d.locations,
    { signal: ctx.signal },
  )) {
    all.push(...page);
  }
  if (all.length > 0) {
    await ctx.db.pool.query(
      `INSERT INTO locations AS l (shop_id, id, name, active, updated_at)
       SELECT $1, x.id, x.name, x.active, now()
       FROM unnest($2::bigint[], $3::text[], $4::boolean[]) AS x(id, name, active)
       ON CONFLICT (shop_id, id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active, updated_at = now()`,
      [
        ctx.shop.id,
        all.map((l) => legacyId(l.id)),
        all.map((l) => l.name),
        all.map((l) => l.isActive),
      ],
    );
  }
  // Online orders name no location. When exactly one location fulfils them, their stock came
  // from there; with several we cannot tell, and per-location history leaves them out.
  const online = all.filter((l) => l.isActive && l.fulfillsOnlineOrders);
  ctx.progress.state.onlineLocationId = online.length === 1 ? legacyId(online[0]!.id) : null;
  ctx.progress.stats.locations = all.length;
}
