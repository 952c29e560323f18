// Inventory at risk: every variant the alert rules would flag, sorted, filtered and paginated in
// SQL (app/dashboard/at-risk.server.ts); the view lives in the URL, so the CSV export and "select
// all" act on exactly the rows shown. Bulk actions write variant_overrides.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  IndexFilters,
  IndexTable,
  InlineStack,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type IndexTableProps,
} from "@shopify/polaris";
import { QUANTILE_LEVEL } from "../../domain/settings.ts";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadInventoryPage, viewVariantIds } from "../dashboard/inventory.server.ts";
import { applyBulk, parseBulkChange } from "../dashboard/overrides.server.ts";
import { formIds } from "../dashboard/forms.ts";
import {
  DEFAULT_DIR,
  inventorySearch,
  parseInventoryQuery,
  type InventoryQuery,
  type SortKey,
} from "../dashboard/inventory-query.ts";
import { BackfillProgress } from "../components/BackfillProgress.tsx";
import { BulkActionModal, type BulkPrompt } from "../components/BulkActionModal.tsx";
import { EmptyCard } from "../components/EmptyCard.tsx";
import { NumberCell } from "../components/NumberCell.tsx";
import { useReloadingThisPage } from "../components/PageLoading.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { SeverityBadge } from "../components/SeverityBadge.tsx";
import { VariantLink } from "../components/VariantLink.tsx";
import { downloadFile, toast } from "../components/download.ts";
import {
  countOf,
  formatDay,
  formatDays,
  formatInstant,
  formatMoney,
  formatNumber,
  formatRange,
  formatRate,
} from "../components/format.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const query = parseInventoryQuery(new URL(request.url).searchParams);
  const page = await loadInventoryPage(db(), shop, query);
  return {
    query,
    ...page,
    shop: { currency: shop.currency, timezone: shop.timezone, backfill: shop.backfill },
    gapBar: QUANTILE_LEVEL[shop.settings.stockoutQuantile],
    now: new Date().toISOString(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await requireShop(request);
  const form = await request.formData();
  const parsed = parseBulkChange(form);
  if ("errors" in parsed) return { ok: false as const, errors: parsed.errors };
  const ids =
    form.get("all") === "1"
      ? await viewVariantIds(
          db(),
          shop,
          parseInventoryQuery(new URLSearchParams(String(form.get("view") ?? ""))),
        )
      : formIds(form, 10_000);
  const count = await applyBulk(db(), shop.id, ids, parsed.change);
  return { ok: true as const, count, action: String(form.get("action")) };
}

const COLUMNS: { title: string; sort?: SortKey; end?: boolean }[] = [
  { title: "Variant" },
  { title: "Severity" },
  { title: "Stock", sort: "stock", end: true },
  { title: "Units / day", sort: "velocity", end: true },
  { title: "Runs out", sort: "days" },
  { title: "Revenue at risk", sort: "revenue", end: true },
  { title: "On its way", end: true },
  { title: "Reorder", end: true },
];

const SORT_LABEL: Record<SortKey, string> = {
  days: "Days to stockout",
  revenue: "Revenue at risk",
  velocity: "Units per day",
  stock: "Stock",
};

const DONE: Record<string, string> = {
  snooze: "Snoozed",
  unsnooze: "Snooze removed",
  mute: "Muted",
  unmute: "Unmuted",
  leadTime: "Lead time set",
};

export default function Inventory() {
  const { query, rows, total, facets, shop, now, gapBar } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const location = useLocation();
  const loading = useReloadingThisPage();
  const money = (n: number) => formatMoney(n, shop.currency);

  const go = useCallback(
    (patch: Partial<InventoryQuery>) => {
      const next = { ...query, page: 1, ...patch };
      navigate({ search: inventorySearch(next) }, { replace: true, preventScrollReset: true });
    },
    [navigate, query],
  );

  // ── search (debounced) ──
  const [text, setText] = useState(query.q);
  useEffect(() => setText(query.q), [query.q]);
  useEffect(() => {
    if (text.trim() === query.q) return;
    const t = setTimeout(() => go({ q: text.trim() }), 300);
    return () => clearTimeout(t);
  }, [text, query.q, go]);

  // ── filters ──
  const { mode, setMode } = useSetIndexFiltersMode();
  const filters: IndexFiltersProps["filters"] = [
    {
      key: "severity",
      label: "Severity",
      pinned: true,
      filter: (
        <ChoiceList
          title="Severity"
          titleHidden
          allowMultiple
          choices={[
            { label: "Critical", value: "critical" },
            { label: "Warning", value: "warning" },
            { label: "Attention", value: "attention" },
          ]}
          selected={query.severity}
          onChange={(v) => go({ severity: v as InventoryQuery["severity"] })}
        />
      ),
    },
    {
      key: "location",
      label: "Location",
      pinned: true,
      filter: (
        <ChoiceList
          title="Location"
          titleHidden
          choices={facets.locations.map((l) => ({ label: l.name, value: l.id }))}
          selected={query.location ? [query.location] : []}
          onChange={(v) => go({ location: v[0] ?? null })}
        />
      ),
    },
    {
      key: "vendor",
      label: "Vendor",
      pinned: true,
      filter: (
        <ChoiceList
          title="Vendor"
          titleHidden
          choices={facets.vendors.map((v) => ({ label: v, value: v }))}
          selected={query.vendor ? [query.vendor] : []}
          onChange={(v) => go({ vendor: v[0] ?? null })}
        />
      ),
    },
    {
      key: "type",
      label: "Product type",
      filter: (
        <ChoiceList
          title="Product type"
          titleHidden
          choices={facets.productTypes.map((v) => ({ label: v, value: v }))}
          selected={query.productType ? [query.productType] : []}
          onChange={(v) => go({ productType: v[0] ?? null })}
        />
      ),
    },
  ];
  const locationName = facets.locations.find((l) => l.id === query.location)?.name;
  const applied: IndexFiltersProps["appliedFilters"] = [];
  if (query.severity.length)
    applied.push({
      key: "severity",
      label: `Severity: ${query.severity.join(", ")}`,
      onRemove: () => go({ severity: [] }),
    });
  if (query.location)
    applied.push({
      key: "location",
      label: `Location: ${locationName ?? query.location}`,
      onRemove: () => go({ location: null }),
    });
  if (query.vendor)
    applied.push({
      key: "vendor",
      label: `Vendor: ${query.vendor}`,
      onRemove: () => go({ vendor: null }),
    });
  if (query.productType)
    applied.push({
      key: "type",
      label: `Type: ${query.productType}`,
      onRemove: () => go({ productType: null }),
    });

  const sortOptions: IndexFiltersProps["sortOptions"] = (
    Object.keys(SORT_LABEL) as SortKey[]
  ).flatMap((k) => [
    {
      label: SORT_LABEL[k],
      value: `${k} asc` as const,
      directionLabel: k === "days" || k === "stock" ? "Lowest first" : "Ascending",
    },
    {
      label: SORT_LABEL[k],
      value: `${k} desc` as const,
      directionLabel: k === "days" || k === "stock" ? "Highest first" : "Descending",
    },
  ]);

  // ── selection and bulk actions ──
  const resources = useMemo(() => rows.map((r) => ({ id: r.variantId })), [rows]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(resources);
  useEffect(() => clearSelection(), [location.search, clearSelection]);
  const fetcher = useFetcher<typeof action>();
  const [prompt, setPrompt] = useState<BulkPrompt>(null);
  const bulkError =
    fetcher.data && !fetcher.data.ok ? (Object.values(fetcher.data.errors)[0] ?? null) : null;
  const selectedCount = allResourcesSelected ? total : selectedResources.length;
  const countLabel = allResourcesSelected
    ? `all ${formatNumber(total)} variants in this view`
    : countOf(selectedResources.length, "variant");
  const submitBulk = (values: Record<string, string>) => {
    const form: Record<string, string> = { ...values };
    if (allResourcesSelected) {
      form.all = "1";
      form.view = inventorySearch(query).slice(1);
    } else form.ids = selectedResources.join(",");
    fetcher.submit(form, { method: "post" });
  };
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      toast(`${DONE[fetcher.data.action] ?? "Updated"}: ${countOf(fetcher.data.count, "variant")}`);
      setPrompt(null);
      clearSelection();
    }
  }, [fetcher.state, fetcher.data, clearSelection]);

  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFile(
        `/app/inventory.csv${inventorySearch({ ...query, page: 1 })}`,
        "inventory-at-risk.csv",
      );
      toast("CSV exported");
    } catch (err) {
      toast((err as Error).message, true);
    } finally {
      setExporting(false);
    }
  };

  const sortIndex = COLUMNS.findIndex((c) => c.sort === query.sort);
  const onSort: IndexTableProps["onSort"] = (index, direction) => {
    const key = COLUMNS[index]?.sort;
    if (!key) return;
    const dir =
      key === query.sort ? (direction === "ascending" ? "asc" : "desc") : DEFAULT_DIR[key];
    go({ sort: key, dir });
  };

  const first = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  const last = Math.min(total, query.page * query.pageSize);
  const filtered = Boolean(query.q || applied.length);

  return (
    <Page
      title="Inventory at risk"
      subtitle="Out of stock, predicted to run out within lead time + alert horizon, or at the low-stock threshold"
      secondaryActions={[
        {
          content: "Export CSV",
          onAction: exportCsv,
          loading: exporting,
          disabled: total === 0,
          accessibilityLabel: "Export this view as CSV",
        },
      ]}
      fullWidth
    >
      <BlockStack gap="400">
        <BackfillProgress {...shop.backfill} />
        <Card padding="0">
          <IndexFilters
            sortOptions={sortOptions}
            sortSelected={[`${query.sort} ${query.dir}`]}
            onSort={(v) => {
              const [key, dir] = (v[0] ?? "").split(" ") as [SortKey, "asc" | "desc"];
              go({ sort: key, dir });
            }}
            queryValue={text}
            queryPlaceholder="Search by title or SKU"
            onQueryChange={setText}
            onQueryClear={() => setText("")}
            cancelAction={{ onAction: () => setText(query.q) }}
            tabs={[{ id: "at-risk", content: `At risk (${formatNumber(total)})`, isLocked: true }]}
            selected={0}
            onSelect={() => {}}
            canCreateNewView={false}
            filters={filters}
            appliedFilters={applied}
            onClearAll={() =>
              go({ severity: [], location: null, vendor: null, productType: null, q: "" })
            }
            mode={mode}
            setMode={setMode}
            loading={loading}
          />
          <IndexTable
            resourceName={{ singular: "variant", plural: "variants" }}
            itemCount={rows.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            hasMoreItems={total > rows.length}
            loading={loading}
            headings={
              COLUMNS.map((c) => ({
                title: c.title,
                alignment: c.end ? "end" : undefined,
              })) as IndexTableProps["headings"]
            }
            sortable={COLUMNS.map((c) => Boolean(c.sort))}
            sortColumnIndex={sortIndex}
            sortDirection={query.dir === "asc" ? "ascending" : "descending"}
            defaultSortDirection="descending"
            onSort={onSort}
            promotedBulkActions={[
              { content: "Snooze", onAction: () => setPrompt("snooze") },
              { content: "Set lead time", onAction: () => setPrompt("leadTime") },
            ]}
            bulkActions={[
              { content: "Mute alerts", onAction: () => submitBulk({ action: "mute" }) },
              { content: "Unmute alerts", onAction: () => submitBulk({ action: "unmute" }) },
              { content: "Remove snooze", onAction: () => submitBulk({ action: "unsnooze" }) },
            ]}
            emptyState={
              <EmptyCard
                title={filtered ? "No variant matches these filters" : "Nothing at risk"}
                minHeight={240}
              >
                {filtered
                  ? "Try removing a filter or searching for another title or SKU."
                  : "No variant is out of stock, at its low-stock threshold or predicted to run out within lead time plus the alert horizon."}
              </EmptyCard>
            }
            pagination={{
              hasPrevious: query.page > 1,
              hasNext: last < total,
              onPrevious: () => go({ page: query.page - 1 }),
              onNext: () => go({ page: query.page + 1 }),
              label: total
                ? `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)}`
                : undefined,
            }}
          >
            {rows.map((r, i) => (
              <IndexTable.Row
                id={r.variantId}
                key={r.variantId}
                position={i}
                selected={allResourcesSelected || selectedResources.includes(r.variantId)}
              >
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <VariantLink
                      variantId={r.variantId}
                      productTitle={r.productTitle}
                      variantTitle={r.variantTitle}
                      dataPrimaryLink
                    />
                    <InlineStack gap="150">
                      <Text as="span" variant="bodySm" tone="subdued">
                        {r.sku ?? "No SKU"}
                        {r.vendor ? ` · ${r.vendor}` : ""}
                      </Text>
                      {r.muted ? <Badge size="small">Muted</Badge> : null}
                      {r.snoozedUntil && r.snoozedUntil > now ? (
                        <Badge size="small">{`Snoozed until ${formatInstant(r.snoozedUntil, shop.timezone)}`}</Badge>
                      ) : null}
                    </InlineStack>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <SeverityBadge severity={r.severity} />
                </IndexTable.Cell>
                <NumberCell>
                  {r.locationAvailable !== null
                    ? `${formatNumber(r.locationAvailable)} here · ${formatNumber(r.available)}`
                    : formatNumber(r.available)}
                </NumberCell>
                <NumberCell>{formatRate(r.velocity)}</NumberCell>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span">
                      {r.status === "out_of_stock" || r.available <= 0
                        ? "Out of stock"
                        : formatDays(r.daysToStockout)}
                    </Text>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {r.available <= 0 ? "" : formatRange(r.stockoutP10, r.stockoutP90)}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <NumberCell>{money(r.revenueAtRisk)}</NumberCell>
                <IndexTable.Cell>
                  {r.incoming > 0 ? (
                    <BlockStack gap="050" inlineAlign="end">
                      <Text as="span" numeric>
                        {formatNumber(r.incoming)}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {r.nextArrivalOn ? `next ${formatDay(r.nextArrivalOn)}` : ""}
                      </Text>
                      {r.pStockoutGap !== null && r.pStockoutGap >= gapBar ? (
                        <Badge size="small" tone="warning">
                          Lands too late
                        </Badge>
                      ) : null}
                    </BlockStack>
                  ) : (
                    <Text as="span" alignment="end" tone="subdued">
                      —
                    </Text>
                  )}
                </IndexTable.Cell>
                <NumberCell>{r.suggestedQty ? formatNumber(r.suggestedQty) : "—"}</NumberCell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <Text as="p" variant="bodySm" tone="subdued">
          {selectedCount > 0 ? `${formatNumber(selectedCount)} selected. ` : ""}Severity uses each
          variant's effective lead time (variant, else vendor, else shop); dates under &quot;Runs
          out&quot; are the P10–P90 range.
        </Text>
      </BlockStack>
      <BulkActionModal
        prompt={prompt}
        count={countLabel}
        busy={fetcher.state !== "idle"}
        error={prompt && bulkError ? bulkError : null}
        onClose={() => setPrompt(null)}
        onSubmit={submitBulk}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Inventory at risk" />;
}
