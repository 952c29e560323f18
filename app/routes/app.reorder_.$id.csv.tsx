// A purchase order as CSV, to send to the supplier.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadOrder } from "../dashboard/purchase-orders.server.ts";
import { orderCsv } from "../../domain/purchasing/order.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const order = await loadOrder(db(), shop.id, params.id ?? "");
  if (!order) throw new Response("Purchase order not found", { status: 404 });
  const supplier = order.supplier.replace(/[^\w-]+/g, "-").slice(0, 40);
  return new Response(orderCsv(order.orderLines), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="po-${order.id}-${supplier}.csv"`,
      "cache-control": "no-store",
    },
  });
}
