// Alerts: every episode (open → escalated → resolved) with what each channel did with it —
// delivered, deferred to quiet hours or a digest, retrying, failed and why. Acknowledge to mark
// it seen; snooze the variant to silence it for a while.
import { useEffect, useMemo } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Tabs,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import {
  acknowledgeEpisodes,
  episodeVariants,
  listEpisodes,
  type EpisodeFilter,
} from "../dashboard/episodes.server.ts";
import { applyBulk, parseBulkChange } from "../dashboard/overrides.server.ts";
import { formIds } from "../dashboard/forms.ts";
import { ALERT_KINDS } from "../../domain/alerts/types.ts";
import { Deliveries } from "../components/Deliveries.tsx";
import { EmptyCard } from "../components/EmptyCard.tsx";
import { useReloadingThisPage } from "../components/PageLoading.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { EpisodeStateBadge, SeverityBadge } from "../components/SeverityBadge.tsx";
import { VariantLink } from "../components/VariantLink.tsx";
import { toast } from "../components/download.ts";
import { KIND_LABEL, countOf, formatInstant, formatMoney } from "../components/format.ts";

const PAGE_SIZE = 25;
const STATES = ["open", "resolved", "all"] as const;

function parse(p: URLSearchParams) {
  const state = (STATES as readonly string[]).includes(p.get("state") ?? "")
    ? (p.get("state") as EpisodeFilter["state"])
    : "open";
  const kind = (ALERT_KINDS as readonly string[]).includes(p.get("kind") ?? "")
    ? p.get("kind")
    : null;
  const page = Math.max(1, Number.parseInt(p.get("page") ?? "1", 10) || 1);
  return { state, kind, page };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const q = parse(new URL(request.url).searchParams);
  const { rows, total } = await listEpisodes(
    db(),
    shop.id,
    { state: q.state, kind: q.kind },
    PAGE_SIZE,
    (q.page - 1) * PAGE_SIZE,
  );
  return {
    q,
    rows,
    total,
    shop: { timezone: shop.timezone, currency: shop.currency },
    now: new Date().toISOString(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await requireShop(request);
  const form = await request.formData();
  const ids = formIds(form, 1000);
  if (form.get("action") === "acknowledge") {
    const count = await acknowledgeEpisodes(db(), shop.id, ids);
    return { ok: true as const, message: `Acknowledged ${countOf(count, "alert")}` };
  }
  const parsed = parseBulkChange(form);
  if ("errors" in parsed)
    return { ok: false as const, message: Object.values(parsed.errors)[0] ?? "Invalid" };
  const variants = await episodeVariants(db(), shop.id, ids);
  const count = await applyBulk(db(), shop.id, variants, parsed.change);
  return { ok: true as const, message: `Snoozed ${countOf(count, "variant")}` };
}

const TABS = [
  { id: "open", content: "Open" },
  { id: "resolved", content: "Resolved" },
  { id: "all", content: "All" },
];

export default function Alerts() {
  const { q, rows, total, shop, now } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const location = useLocation();
  const loading = useReloadingThisPage();
  const go = (patch: Partial<typeof q>) => {
    const next = { ...q, page: 1, ...patch };
    const p = new URLSearchParams();
    if (next.state !== "open") p.set("state", next.state);
    if (next.kind) p.set("kind", next.kind);
    if (next.page > 1) p.set("page", String(next.page));
    navigate({ search: p.toString() ? `?${p}` : "" }, { replace: true, preventScrollReset: true });
  };
  const resources = useMemo(() => rows.map((r) => ({ id: r.id })), [rows]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(resources);
  const fetcher = useFetcher<typeof action>();
  const submit = (values: Record<string, string>) =>
    fetcher.submit(
      {
        ...values,
        ids: (allResourcesSelected ? rows.map((r) => r.id) : selectedResources).join(","),
      },
      { method: "post" },
    );
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) {
      toast(fetcher.data.message, !fetcher.data.ok);
      if (fetcher.data.ok) clearSelection();
    }
  }, [fetcher.state, fetcher.data, clearSelection]);
  useEffect(() => clearSelection(), [location.search, clearSelection]);

  const first = total === 0 ? 0 : (q.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, q.page * PAGE_SIZE);
  return (
    <Page title="Alerts" subtitle={`Times in ${shop.timezone}`} fullWidth>
      <Card padding="0">
        <BlockStack>
          <InlineStack align="space-between" blockAlign="center" wrap={false}>
            <Tabs
              tabs={TABS}
              selected={Math.max(
                0,
                TABS.findIndex((t) => t.id === q.state),
              )}
              onSelect={(i) => go({ state: TABS[i]!.id as EpisodeFilter["state"] })}
            />
            <div style={{ padding: "var(--p-space-200) var(--p-space-300)", minWidth: 220 }}>
              <Select
                label="Kind"
                labelInline
                options={[
                  { label: "All kinds", value: "" },
                  ...ALERT_KINDS.map((k) => ({ label: KIND_LABEL[k] ?? k, value: k })),
                ]}
                value={q.kind ?? ""}
                onChange={(v) => go({ kind: v || null })}
              />
            </div>
          </InlineStack>
          <IndexTable
            resourceName={{ singular: "alert", plural: "alerts" }}
            itemCount={rows.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            loading={loading}
            headings={[
              { title: "Variant" },
              { title: "Alert" },
              { title: "State" },
              { title: "Opened" },
              { title: "Delivery per channel" },
            ]}
            promotedBulkActions={[
              { content: "Acknowledge", onAction: () => submit({ action: "acknowledge" }) },
              { content: "Snooze 7 days", onAction: () => submit({ action: "snooze", days: "7" }) },
            ]}
            bulkActions={[
              { content: "Snooze 1 day", onAction: () => submit({ action: "snooze", days: "1" }) },
            ]}
            emptyState={
              <EmptyCard
                title={q.state === "open" ? "No open alert" : "No alert yet"}
                minHeight={200}
              >
                Alerts open when a variant runs low, is predicted to run out within lead time plus
                the horizon, or runs out.
              </EmptyCard>
            }
            pagination={{
              hasPrevious: q.page > 1,
              hasNext: last < total,
              onPrevious: () => go({ page: q.page - 1 }),
              onNext: () => go({ page: q.page + 1 }),
              label: total ? `${first}–${last} of ${total}` : undefined,
            }}
          >
            {rows.map((e, i) => (
              <IndexTable.Row
                id={e.id}
                key={e.id}
                position={i}
                selected={allResourcesSelected || selectedResources.includes(e.id)}
              >
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <VariantLink
                      variantId={e.variantId}
                      productTitle={e.productTitle}
                      variantTitle={e.variantTitle}
                      dataPrimaryLink
                    />
                    <Text as="span" variant="bodySm" tone="subdued">
                      {e.sku ?? "No SKU"}
                      {e.locationName ? ` · ${e.locationName}` : " · all locations"}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100">
                    <InlineStack gap="150" blockAlign="center">
                      <SeverityBadge severity={e.severity} />
                      <Text as="span">{KIND_LABEL[e.kind] ?? e.kind}</Text>
                    </InlineStack>
                    {e.revenueAtRisk > 0 ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {formatMoney(e.revenueAtRisk, shop.currency)} at risk
                        {e.peakSeverity !== e.severity ? ` · peaked ${e.peakSeverity}` : ""}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    <EpisodeStateBadge state={e.state} />
                    {e.acknowledgedAt ? <Badge>Acknowledged</Badge> : null}
                    {e.snoozedUntil && e.snoozedUntil > now ? <Badge>Snoozed</Badge> : null}
                    {e.muted ? <Badge>Muted</Badge> : null}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span">{formatInstant(e.openedAt, shop.timezone)}</Text>
                    {e.resolvedAt ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        Resolved {formatInstant(e.resolvedAt, shop.timezone)}
                      </Text>
                    ) : e.escalatedAt ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        Escalated {formatInstant(e.escalatedAt, shop.timezone)}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Deliveries deliveries={e.deliveries} timezone={shop.timezone} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </BlockStack>
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Alerts" />;
}
