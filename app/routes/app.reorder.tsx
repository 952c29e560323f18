// Reorder planner: what each supplier should get now (the forecasts' suggestions, rounded to its
// terms), a draft purchase order per supplier in one click, and the orders kept here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Text,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import {
  createDraft,
  listOrders,
  supplierSuggestions,
  type OrderStatus,
} from "../dashboard/purchase-orders.server.ts";
import { NumberCell } from "../components/NumberCell.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { formatDay, formatInstant, formatMoney, formatNumber } from "../components/format.ts";

export const REORDER_COPY = {
  title: "Reorder planner",
  subtitle:
    "What to order from each supplier now: the forecasts' suggestions, rounded to each supplier's minimum order and pack size.",
  suggestions: "Suggested now",
  noSuggestions:
    "Nothing to reorder now: every variant's stock and stock on its way cover its target.",
  suggestionHeadings: ["Supplier", "Variants", "Units", "Estimated cost", ""],
  create: "Create draft",
  openDraft: "Open draft",
  orders: "Purchase orders",
  noOrders: "No purchase orders yet.",
  orderHeadings: ["Order", "Supplier", "Status", "Lines", "Units", "Cost", "Expected"],
  status: {
    draft: "Draft",
    ordered: "Ordered",
    received: "Received",
    cancelled: "Cancelled",
  } satisfies Record<OrderStatus, string>,
  imported: "Imported",
  suppliers: "Suppliers",
  importStocky: "Import from Stocky",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const [suggestions, orders] = await Promise.all([
    supplierSuggestions(db(), shop.id),
    listOrders(db(), shop.id),
  ]);
  return { suggestions, orders, shop: { currency: shop.currency, timezone: shop.timezone } };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await requireShop(request);
  const form = await request.formData();
  const supplier = String(form.get("supplier") ?? "").trim();
  if (!supplier) return { error: "Choose a supplier" };
  const id = await createDraft(db(), shop.id, supplier, shop.currency);
  if (!id) return { error: `Nothing to order from ${supplier} now` };
  return redirect(`/app/reorder/${id}`);
}

export default function ReorderPlanner() {
  const { suggestions, orders, shop } = useLoaderData<typeof loader>();
  const c = REORDER_COPY;
  const money = (n: number) => formatMoney(n, shop.currency);
  return (
    <Page
      title={c.title}
      subtitle={c.subtitle}
      secondaryActions={[
        { content: c.suppliers, url: "/app/suppliers" },
        { content: c.importStocky, url: "/app/reorder/import" },
      ]}
    >
      <BlockStack gap="400">
        <Card padding="0">
          <Box title={c.suggestions} />
          {suggestions.length === 0 ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                {c.noSuggestions}
              </Text>
            </div>
          ) : (
            <IndexTable
              resourceName={{ singular: "supplier", plural: "suppliers" }}
              itemCount={suggestions.length}
              selectable={false}
              headings={[
                { title: c.suggestionHeadings[0] },
                { title: c.suggestionHeadings[1], alignment: "end" },
                { title: c.suggestionHeadings[2], alignment: "end" },
                { title: c.suggestionHeadings[3], alignment: "end" },
                { title: "", hidden: true },
              ]}
            >
              {suggestions.map((s, i) => (
                <IndexTable.Row id={s.supplier} key={s.supplier} position={i}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {s.supplier}
                    </Text>
                  </IndexTable.Cell>
                  <NumberCell>{formatNumber(s.variants)}</NumberCell>
                  <NumberCell>{formatNumber(s.units)}</NumberCell>
                  <NumberCell>{money(s.cost)}</NumberCell>
                  <IndexTable.Cell>
                    <InlineStack align="end">
                      {s.draftId ? (
                        <Button url={`/app/reorder/${s.draftId}`} size="slim">
                          {c.openDraft}
                        </Button>
                      ) : (
                        <CreateDraft supplier={s.supplier} />
                      )}
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Card padding="0">
          <Box title={c.orders} />
          {orders.length === 0 ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                {c.noOrders}
              </Text>
            </div>
          ) : (
            <IndexTable
              resourceName={{ singular: "purchase order", plural: "purchase orders" }}
              itemCount={orders.length}
              selectable={false}
              headings={[
                { title: c.orderHeadings[0] },
                { title: c.orderHeadings[1] },
                { title: c.orderHeadings[2] },
                { title: c.orderHeadings[3], alignment: "end" },
                { title: c.orderHeadings[4], alignment: "end" },
                { title: c.orderHeadings[5], alignment: "end" },
                { title: c.orderHeadings[6] },
              ]}
            >
              {orders.map((o, i) => (
                <IndexTable.Row id={o.id} key={o.id} position={i}>
                  <IndexTable.Cell>
                    <RemixLink to={`/app/reorder/${o.id}`} data-primary-link>
                      {o.reference ?? `PO-${o.id}`}
                    </RemixLink>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {formatInstant(o.createdAt, shop.timezone)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{o.supplier}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      <StatusBadge status={o.status} />
                      {o.source === "import" ? <Badge>{c.imported}</Badge> : null}
                    </InlineStack>
                  </IndexTable.Cell>
                  <NumberCell>{formatNumber(o.lines)}</NumberCell>
                  <NumberCell>{formatNumber(o.units)}</NumberCell>
                  <NumberCell>{money(o.cost)}</NumberCell>
                  <IndexTable.Cell>
                    {o.expectedOn ? formatDay(o.expectedOn, true) : "—"}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

function Box({ title }: { title: string }) {
  return (
    <div style={{ padding: "var(--p-space-400) var(--p-space-400) var(--p-space-200)" }}>
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
    </div>
  );
}

function CreateDraft({ supplier }: { supplier: string }) {
  const fetcher = useFetcher<typeof action>();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="supplier" value={supplier} />
      <Button
        submit
        size="slim"
        variant="primary"
        loading={fetcher.state !== "idle"}
        accessibilityLabel={`${REORDER_COPY.create}: ${supplier}`}
      >
        {REORDER_COPY.create}
      </Button>
    </fetcher.Form>
  );
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  const tone =
    status === "ordered"
      ? "info"
      : status === "received"
        ? "success"
        : status === "draft"
          ? "attention"
          : undefined;
  return <Badge tone={tone}>{REORDER_COPY.status[status]}</Badge>;
}

export function ErrorBoundary() {
  return <RouteError title={REORDER_COPY.title} />;
}
