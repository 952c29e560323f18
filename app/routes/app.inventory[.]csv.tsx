// CSV export of the inventory view in the query string (same filters and order as the table).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db, requireShop } from "../dashboard/context.server.ts";
import { csvStream } from "../dashboard/csv.server.ts";
import { parseInventoryQuery } from "../dashboard/inventory-query.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const query = parseInventoryQuery(new URL(request.url).searchParams);
  const name = `inventory-at-risk-${shop.domain.replace(/\.myshopify\.com$/, "")}-${shop.today}.csv`;
  return new Response(csvStream(db(), shop, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    },
  });
}
