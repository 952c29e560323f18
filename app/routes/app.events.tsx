// Events: the webhook audit trail — what Shopify sent per topic and day, the latest events and
// what the worker made of them, failures with their reasons, and deliveries the intake refused.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadEvents } from "../dashboard/events.server.ts";
import { EmptyCard } from "../components/EmptyCard.tsx";
import { TableCard } from "../components/TableCard.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { StatusBadge } from "../components/SeverityBadge.tsx";
import { formatDay, formatInstant, formatNumber } from "../components/format.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const events = await loadEvents(db(), shop);
  return { ...events, timezone: shop.timezone };
}

export default function Events() {
  const { recent, perDay, days, failures, rejected, timezone } = useLoaderData<typeof loader>();
  const topics = [...new Set(perDay.map((r) => r.topic))].sort();
  const cell = new Map(perDay.map((r) => [`${r.topic}|${r.day}`, r]));
  const at = (iso: string | null) => formatInstant(iso, timezone);
  return (
    <Page
      title="Events"
      subtitle={`Webhooks from Shopify, newest first · times in ${timezone}`}
      fullWidth
    >
      <Layout>
        <Layout.Section>
          <TableCard
            header={
              <Text as="h2" variant="headingMd">
                Webhooks per topic and day (last {days.length} days)
              </Text>
            }
          >
            {topics.length === 0 ? (
              <EmptyCard title="No webhook received yet">
                Shopify sends one whenever stock, orders or products change.
              </EmptyCard>
            ) : (
              <DataTable
                columnContentTypes={["text", ...days.map(() => "numeric" as const), "numeric"]}
                headings={["Topic", ...days.map((d) => formatDay(d)), "Total"]}
                rows={topics.map((t) => {
                  let sum = 0;
                  const counts = days.map((d) => {
                    const c = cell.get(`${t}|${d}`);
                    sum += c?.total ?? 0;
                    if (!c) return "·";
                    return c.failed
                      ? `${formatNumber(c.total)} (${c.failed} failed)`
                      : formatNumber(c.total);
                  });
                  return [t, ...counts, formatNumber(sum)];
                })}
                increasedTableDensity
                fixedFirstColumns={1}
              />
            )}
          </TableCard>
        </Layout.Section>
        <Layout.Section>
          <TableCard
            header={
              <>
                <Text as="h2" variant="headingMd">
                  Failures
                </Text>
                <Text as="p" tone="subdued">
                  Events the worker could not apply (failed) or chose not to (skipped), with the
                  reason.
                </Text>
              </>
            }
          >
            {failures.length === 0 ? (
              <EmptyCard title="No failed or skipped event" />
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "text"]}
                headings={["Received", "Topic", "Status", "Attempts", "Reason"]}
                rows={failures.map((e) => [
                  at(e.receivedAt),
                  e.topic,
                  <StatusBadge key={e.id} status={e.status} />,
                  e.attempts,
                  e.error ?? "—",
                ])}
                increasedTableDensity
              />
            )}
          </TableCard>
        </Layout.Section>
        <Layout.Section>
          <TableCard
            header={
              <>
                <Text as="h2" variant="headingMd">
                  Rejected deliveries
                </Text>
                <Text as="p" tone="subdued">
                  Bodies the intake refused (malformed, missing fields, too large, unknown topic);
                  kept without the body.
                </Text>
              </>
            }
          >
            {rejected.length === 0 ? (
              <EmptyCard title="Nothing rejected" />
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                headings={["Received", "Topic", "HTTP", "Bytes", "Reason"]}
                rows={rejected.map((r) => [
                  at(r.receivedAt),
                  r.topic ?? "—",
                  r.status,
                  formatNumber(r.bytes),
                  r.reason,
                ])}
                increasedTableDensity
              />
            )}
          </TableCard>
        </Layout.Section>
        <Layout.Section>
          <TableCard
            header={
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  Latest events
                </Text>
                <Text as="span" tone="subdued">
                  {recent.length} most recent
                </Text>
              </InlineStack>
            }
          >
            {recent.length === 0 ? (
              <EmptyCard title="No event yet" />
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                headings={["Received", "Topic", "Status", "Attempts", "Processed", "Webhook id"]}
                rows={recent.map((e) => [
                  at(e.receivedAt),
                  e.topic,
                  <StatusBadge key={e.id} status={e.status} />,
                  e.attempts,
                  at(e.processedAt),
                  <Text key={`w${e.id}`} as="span" variant="bodySm" tone="subdued" truncate>
                    {e.webhookId.slice(0, 13)}
                  </Text>,
                ])}
                increasedTableDensity
              />
            )}
          </TableCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Events" />;
}
