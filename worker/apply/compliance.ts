// Customer privacy requests. We never store customer personal data: intake keeps only ids,
// dates, quantities and prices of orders (domain/events.ts strips the rest before anything is
// written), so there is nothing to export or erase. The requests are acknowledged and logged.
import type { Logger } from "../../infra/log.ts";

export function acknowledgeDataRequest(
  log: Logger,
  shop: string,
  p: { orders_requested: string[] },
) {
  log.info(
    { shop, orders: p.orders_requested.length },
    "customers/data_request: no customer data held",
  );
}

export function acknowledgeCustomerRedact(
  log: Logger,
  shop: string,
  p: { orders_to_redact: string[] },
) {
  log.info({ shop, orders: p.orders_to_redact.length }, "customers/redact: no customer data held");
}
