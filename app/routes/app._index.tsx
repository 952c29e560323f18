// Overview: the shop at a glance — what is tracked, what is at risk and what it is worth, the
// backfill while it runs, the items to act on first, recent alerts and channel health.
import type { ReactNode } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadOverview } from "../dashboard/overview.server.ts";
import { BackfillProgress, backfillRunning } from "../components/BackfillProgress.tsx";
import { ChannelHealthBadge } from "../components/ChannelHealthBadge.tsx";
import { EmptyCard } from "../components/EmptyCard.tsx";
import { NumberCell } from "../components/NumberCell.tsx";
import { Metric } from "../components/Metric.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { SeverityBadge } from "../components/SeverityBadge.tsx";
import { TableCard } from "../components/TableCard.tsx";
import { VariantLink } from "../components/VariantLink.tsx";
import {
  KIND_LABEL,
  formatDays,
  formatInstant,
  formatMoney,
  formatNumber,
  formatRange,
} from "../components/format.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const overview = await loadOverview(db(), shop);
  return {
    shop: {
      domain: shop.domain,
      name: shop.name,
      timezone: shop.timezone,
      currency: shop.currency,
      backfill: shop.backfill,
    },
    ...overview,
  };
}

export default function Overview() {
  const { shop, tracked, outOfStock, summary, top, alerts, channels } =
    useLoaderData<typeof loader>();
  const money = (n: number) => formatMoney(n, shop.currency);
  const importing = backfillRunning(shop.backfill.phase);
  return (
    <Page
      title="Overview"
      subtitle={`${shop.name ?? shop.domain} · times in ${shop.timezone}`}
      primaryAction={{ content: "Inventory at risk", url: "/app/inventory" }}
    >
      <BlockStack gap="400">
        <BackfillProgress {...shop.backfill} />
        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <Metric
            label="Variants tracked"
            value={formatNumber(tracked)}
            caption="Inventory tracked by Shopify"
          />
          <Metric
            label="At risk"
            value={formatNumber(summary.atRisk)}
            tone={summary.critical > 0 ? "critical" : undefined}
            caption={`${summary.critical} critical · ${summary.warning} warning · ${summary.attention} attention`}
          />
          <Metric
            label="Out of stock now"
            value={formatNumber(outOfStock)}
            tone={outOfStock > 0 ? "caution" : undefined}
            caption="All locations together"
          />
          <Metric
            label="Revenue at risk"
            value={money(summary.revenueAtRisk)}
            caption={`Sales lost before a reorder placed today arrives`}
          />
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <TableCard
              header={
                <SectionHeading title="Act on these first" url="/app/inventory">
                  View all {formatNumber(summary.atRisk)}
                </SectionHeading>
              }
            >
              {top.length === 0 && importing ? (
                <EmptyCard title="Forecasts are on their way">
                  The items to act on first appear here as soon as your history is imported.
                </EmptyCard>
              ) : top.length === 0 ? (
                <EmptyCard title="Nothing at risk">
                  No variant is predicted to run out within lead time plus the alert horizon.
                </EmptyCard>
              ) : (
                <IndexTable
                  resourceName={{ singular: "variant", plural: "variants" }}
                  itemCount={top.length}
                  selectable={false}
                  headings={[
                    { title: "Variant" },
                    { title: "Severity" },
                    { title: "Stock", alignment: "end" },
                    { title: "Runs out" },
                    { title: "Revenue at risk", alignment: "end" },
                  ]}
                >
                  {top.map((r, i) => (
                    <IndexTable.Row id={r.variantId} key={r.variantId} position={i}>
                      <IndexTable.Cell>
                        <VariantLink
                          variantId={r.variantId}
                          productTitle={r.productTitle}
                          variantTitle={r.variantTitle}
                        />
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <SeverityBadge severity={r.severity} />
                      </IndexTable.Cell>
                      <NumberCell>{formatNumber(r.available)}</NumberCell>
                      <IndexTable.Cell>
                        {r.available <= 0 ? (
                          "Out of stock"
                        ) : (
                          <>
                            {formatDays(r.daysToStockout)}{" "}
                            <Text as="span" tone="subdued" variant="bodySm">
                              ({formatRange(r.stockoutP10, r.stockoutP90)})
                            </Text>
                          </>
                        )}
                      </IndexTable.Cell>
                      <NumberCell>{money(r.revenueAtRisk)}</NumberCell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </TableCard>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <SectionHeading title="Recent alerts" url="/app/alerts">
                    All alerts
                  </SectionHeading>
                  {alerts.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No alerts yet. They open when a variant crosses into a condition you chose in
                      Settings.
                    </Text>
                  ) : (
                    <BlockStack gap="300" as="ul">
                      {alerts.map((a) => (
                        <li key={a.id} style={{ listStyle: "none" }}>
                          <BlockStack gap="050">
                            <InlineStack gap="200" blockAlign="center" wrap={false}>
                              <SeverityBadge severity={a.severity} />
                              <Text as="span" fontWeight="semibold" truncate>
                                {KIND_LABEL[a.kind] ?? a.kind}
                              </Text>
                              {a.state === "resolved" ? (
                                <Badge tone="success">Resolved</Badge>
                              ) : null}
                            </InlineStack>
                            <Link url={`/app/variants/${a.variantId}`} monochrome removeUnderline>
                              {a.productTitle ?? "Deleted variant"} {a.variantTitle ?? ""}
                            </Link>
                            <Text as="span" tone="subdued" variant="bodySm">
                              Opened {formatInstant(a.openedAt, shop.timezone)}
                            </Text>
                          </BlockStack>
                        </li>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <SectionHeading title="Channel health" url="/app/settings#channels">
                    Manage
                  </SectionHeading>
                  {channels.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No channel yet: add email, Discord, Slack or a webhook in Settings to receive
                      alerts.
                    </Text>
                  ) : (
                    <BlockStack gap="300" as="ul">
                      {channels.map((c) => (
                        <li key={c.id} style={{ listStyle: "none" }}>
                          <BlockStack gap="050">
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="span" fontWeight="semibold">
                                {c.name}
                              </Text>
                              <Badge>{c.kind}</Badge>
                              <ChannelHealthBadge enabled={c.enabled} healthy={c.healthy} />
                            </InlineStack>
                            <Text as="span" tone="subdued" variant="bodySm">
                              {c.unhealthyReason
                                ? c.unhealthyReason
                                : c.lastAttemptAt
                                  ? `Last delivery ${formatInstant(c.lastAttemptAt, shop.timezone)} (${c.lastOutcome}) · ${c.sent24h} sent, ${c.failures24h} failed in 24 h`
                                  : "Nothing delivered yet"}
                            </Text>
                          </BlockStack>
                        </li>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

// A section's title with the link to its full page.
function SectionHeading(props: { title: string; url: string; children: ReactNode }) {
  return (
    <InlineStack align="space-between" blockAlign="center">
      <Text as="h2" variant="headingMd">
        {props.title}
      </Text>
      <Link url={props.url}>{props.children}</Link>
    </InlineStack>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Overview" />;
}
