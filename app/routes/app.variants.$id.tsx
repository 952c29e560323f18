// Variant detail: 90 days of sales and stock with the forecast ahead, the stockout range, the
// reorder point and quantity with every input behind them, per-variant overrides (validated by
// domain/settings.ts) and the variant's alert history.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  Divider,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadVariant } from "../dashboard/variant.server.ts";
import { loadPastForecasts } from "../dashboard/accuracy.server.ts";
import { addDays } from "../../domain/forecast/dates.ts";
import { SNAPSHOT_RETENTION_DAYS } from "../../domain/accuracy/index.ts";
import { saveVariantOverride } from "../dashboard/overrides.server.ts";
import { formToObject } from "../dashboard/forms.ts";
import { QUANTILE_LEVEL, fieldErrors, variantOverrideSchema } from "../../domain/settings.ts";
import { AlertHistory } from "../components/AlertHistory.tsx";
import { Facts } from "../components/Facts.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { VariantChart } from "../components/VariantChart.tsx";
import { IncomingStock } from "../components/IncomingStock.tsx";
import { PastForecastChart } from "../components/AccuracyCharts.tsx";
import { toast } from "../components/download.ts";
import {
  formatDay,
  formatDays,
  formatInstant,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRange,
  formatRate,
} from "../components/format.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const variant = await loadVariant(db(), shop, params.id ?? "");
  if (!variant) throw new Response("Variant not found", { status: 404 });
  const pastForecasts = await loadPastForecasts(
    db(),
    shop.id,
    variant.id,
    addDays(shop.today, -SNAPSHOT_RETENTION_DAYS),
    addDays(shop.today, -1),
  );
  return {
    variant,
    pastForecasts,
    shop: {
      currency: shop.currency,
      timezone: shop.timezone,
      today: shop.today,
      domain: shop.domain,
      gapBar: QUANTILE_LEVEL[shop.settings.stockoutQuantile],
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const shop = await requireShop(request);
  const form = await request.formData();
  const parsed = variantOverrideSchema.safeParse({
    ...formToObject(form),
    muted: form.get("muted") ?? "false",
    variantId: params.id,
  });
  if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) };
  const saved = await saveVariantOverride(db(), shop.id, parsed.data);
  if (!saved) throw new Response("Variant not found", { status: 404 });
  return { ok: true as const, errors: {} as Record<string, string> };
}

// One marker per day on the chart, however many documents land that day.
function arrivalsByDay(arrivals: { expectedOn: string; quantity: number }[]) {
  const byDay = new Map<string, number>();
  for (const a of arrivals) byDay.set(a.expectedOn, (byDay.get(a.expectedOn) ?? 0) + a.quantity);
  return [...byDay].map(([day, quantity]) => ({ day, quantity }));
}

const LEAD_SOURCE = (v: {
  override: { leadTimeDays: number | null } | null;
  vendorOverride: { leadTimeDays: number | null } | null;
}) =>
  v.override?.leadTimeDays != null
    ? "this variant"
    : v.vendorOverride?.leadTimeDays != null
      ? "its vendor"
      : "shop settings";

export default function VariantDetail() {
  const { variant: v, shop, pastForecasts } = useLoaderData<typeof loader>();
  const f = v.forecast;
  const money = (n: number | null) => formatMoney(n, shop.currency);
  const handle = shop.domain.replace(/\.myshopify\.com$/, "");
  return (
    <Page
      backAction={{ content: "Inventory at risk", url: "/app/inventory" }}
      title={v.productTitle}
      subtitle={`${v.variantTitle}${v.sku ? ` · SKU ${v.sku}` : " · no SKU"}${v.vendor ? ` · ${v.vendor}` : ""}`}
      titleMetadata={<ForecastStatusBadge status={f?.status ?? "none"} tracked={v.tracked} />}
      secondaryActions={[
        {
          content: "Open in Shopify admin",
          url: `https://admin.shopify.com/store/${handle}/products/${v.productId}/variants/${v.id}`,
          target: "_blank",
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Sales and stock, last 90 days and forecast
                </Text>
                <VariantChart
                  history={v.history}
                  projection={v.projection}
                  today={shop.today}
                  stockoutP10={f?.stockoutP10 ?? null}
                  stockoutP90={f?.stockoutP90 ?? null}
                  reorderPoint={f?.reorderPoint ?? null}
                  arrivals={arrivalsByDay(v.incoming)}
                />
              </BlockStack>
            </Card>
            <Card>
              <IncomingStock
                arrivals={v.incoming}
                locations={v.locations}
                currency={shop.currency}
                gapBar={shop.gapBar}
                gap={{
                  p: f?.pStockoutGap ?? null,
                  days: f?.gapDays ?? null,
                  revenue: f?.gapRevenue ?? null,
                  on: f?.nextArrivalOn ?? null,
                }}
              />
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Past forecasts against what sold (next 7 days)
                  </Text>
                  <Link url="/app/accuracy">Forecast accuracy</Link>
                </InlineStack>
                {pastForecasts.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No past forecast kept yet: from today, the forecast made each day is kept and
                    compared with what sells in the week after it.
                  </Text>
                ) : (
                  <>
                    <Text as="p" tone="subdued">
                      Each point is a day we made a forecast: the sales we expected over the next 7
                      days with their likely range, the simple average&apos;s, and what sold on the
                      days it was in stock.
                    </Text>
                    <PastForecastChart forecasts={pastForecasts} />
                  </>
                )}
              </BlockStack>
            </Card>
            {f ? (
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      When it runs out
                    </Text>
                    <Text as="p" variant="headingXl">
                      {f.stockoutP50 ? formatDay(f.stockoutP50, true) : "Not within a year"}
                    </Text>
                    <Facts
                      items={[
                        {
                          term: "Likely range (P10–P90)",
                          description: f.stockoutP10
                            ? formatRange(f.stockoutP10, f.stockoutP90, true)
                            : "—",
                        },
                        {
                          term: "Days of cover",
                          description:
                            f.daysOfCover === null ? "—" : formatDays(Math.floor(f.daysOfCover)),
                        },
                        {
                          term: "Chance it runs out before a reorder placed today arrives",
                          description: formatPercent(f.pStockoutLead),
                        },
                        { term: "Revenue at risk", description: money(f.revenueAtRisk) },
                      ]}
                    />
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      What to reorder
                    </Text>
                    <Text as="p" variant="headingXl">
                      {f.suggestedQty ? `${formatNumber(f.suggestedQty)} units` : "Nothing now"}
                    </Text>
                    <Facts
                      items={[
                        {
                          term: "Reorder point",
                          description:
                            f.reorderPoint === null
                              ? "—"
                              : `${formatNumber(Math.ceil(f.reorderPoint))} units (reorder when stock + on order falls to it)`,
                        },
                        { term: "Stock now", description: `${formatNumber(v.available)} units` },
                        {
                          term: "On its way",
                          description: `${formatNumber(v.incoming.reduce((n, a) => n + a.quantity, 0))} units`,
                        },
                        {
                          term: "On order (entered here)",
                          description: `${formatNumber(v.params.onOrder)} units`,
                        },
                        {
                          term: "Pack size / minimum order",
                          description: `${v.params.packSize} / ${v.params.minOrderQty || "none"}`,
                        },
                      ]}
                    />
                  </BlockStack>
                </Card>
              </InlineGrid>
            ) : (
              <Banner tone="info" title="No forecast yet">
                <p>
                  The forecast appears after the next recompute (right after install and after every
                  sale).
                </p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Inputs behind the forecast
                </Text>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                  <Facts
                    items={[
                      {
                        term: "Sales velocity",
                        description: f ? `${formatRate(f.velocity)} units/day` : "—",
                      },
                      {
                        term: "Next 30 days' demand",
                        description:
                          f?.demand30Mean != null
                            ? `${formatRate(f.demand30Mean)} (P10–P90 ${formatRate(f.demand30P10)}–${formatRate(f.demand30P90)})`
                            : "—",
                      },
                      { term: "Demand pattern", description: f?.demandClass ?? "—" },
                      {
                        term: "Method",
                        description: f
                          ? `${f.method}, as of ${formatDay(f.asOf, true)}, computed ${formatInstant(f.computedAt, shop.timezone)}`
                          : "—",
                      },
                    ]}
                  />
                  <Facts
                    items={[
                      {
                        term: "Lead time",
                        description: `${formatDays(v.params.leadTimeDays)} (from ${LEAD_SOURCE(v)})`,
                      },
                      { term: "Service level", description: formatPercent(v.params.serviceLevel) },
                      {
                        term: "Review period / target cover",
                        description: `${formatDays(v.params.reviewDays)} / ${formatDays(v.params.targetCoverDays)}`,
                      },
                      {
                        term: "Low-stock threshold",
                        description: `${formatNumber(v.params.lowStockThreshold)} units`,
                      },
                    ]}
                  />
                </InlineGrid>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Alert history
                </Text>
                <AlertHistory
                  episodes={v.alerts}
                  timezone={shop.timezone}
                  currency={shop.currency}
                  compact
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Stock by location
                </Text>
                {v.locations.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No inventory level recorded.
                  </Text>
                ) : (
                  <BlockStack gap="200">
                    {v.locations.map((l) => (
                      <InlineStack key={l.id} align="space-between">
                        <Text as="span">{l.name}</Text>
                        <Text as="span" numeric tone={l.available <= 0 ? "critical" : undefined}>
                          {formatNumber(l.available)}
                        </Text>
                      </InlineStack>
                    ))}
                    <Divider />
                    <InlineStack align="space-between">
                      <Text as="span" fontWeight="semibold">
                        Total
                      </Text>
                      <Text as="span" numeric fontWeight="semibold">
                        {formatNumber(v.available)}
                      </Text>
                    </InlineStack>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
            <OverridesForm v={v} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const FORECAST_STATUS: Record<
  string,
  [string, "success" | "critical" | "attention" | "info" | undefined]
> = {
  ok: ["Forecast", "success"],
  out_of_stock: ["Out of stock", "critical"],
  no_sales: ["No recent sales", undefined],
  new: ["New: little history", "attention"],
  never_in_stock: ["Never in stock", "attention"],
  none: ["No forecast yet", "info"],
};

// The forecast's status, not a delivery's (that one is components/SeverityBadge's StatusBadge).
function ForecastStatusBadge({ status, tracked }: { status: string; tracked: boolean }) {
  if (!tracked) return <Badge>Not tracked</Badge>;
  const [text, tone] = FORECAST_STATUS[status] ?? [status, undefined];
  return <Badge tone={tone}>{text}</Badge>;
}

type Detail = ReturnType<typeof useLoaderData<typeof loader>>["variant"];

function OverridesForm({ v }: { v: Detail }) {
  const fetcher = useFetcher<typeof action>();
  const o = v.override;
  const initial = () => ({
    threshold: o?.threshold?.toString() ?? "",
    leadTimeDays: o?.leadTimeDays?.toString() ?? "",
    minOrderQty: o?.minOrderQty?.toString() ?? "",
    packSize: o?.packSize?.toString() ?? "",
    onOrder: String(o?.onOrder ?? 0),
    snoozedUntil: o?.snoozedUntil?.slice(0, 10) ?? "",
    muted: o?.muted ?? false,
  });
  const [values, setValues] = useState(initial);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok)
      toast("Overrides saved; the forecast is being recomputed");
  }, [fetcher.state, fetcher.data]);
  const set = (key: keyof ReturnType<typeof initial>) => (value: string | boolean) =>
    setValues((s) => ({ ...s, [key]: value }));
  const field = (
    key: "threshold" | "leadTimeDays" | "minOrderQty" | "packSize" | "onOrder",
    label: string,
    help: string,
    suffix = "units",
  ) => (
    <TextField
      label={label}
      name={key}
      type="number"
      autoComplete="off"
      suffix={suffix}
      value={values[key]}
      onChange={set(key)}
      error={errors[key]}
      helpText={help}
    />
  );
  return (
    <Card>
      <fetcher.Form method="post" noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Overrides for this variant
          </Text>
          {errors._form ? <Banner tone="critical">{errors._form}</Banner> : null}
          <FormLayout>
            {field("leadTimeDays", "Lead time", "Empty: vendor's or shop's lead time", "days")}
            {field("threshold", "Low-stock threshold", "Empty: vendor's or shop's threshold")}
            {field("onOrder", "On order", "Units ordered, not yet received")}
            <FormLayout.Group>
              {field("packSize", "Pack size", "Order in multiples of")}
              {field("minOrderQty", "Minimum order", "Supplier minimum")}
            </FormLayout.Group>
            <TextField
              label="Snooze alerts until"
              name="snoozedUntil"
              type="date"
              autoComplete="off"
              value={values.snoozedUntil}
              onChange={set("snoozedUntil")}
              error={errors.snoozedUntil}
            />
            <Checkbox
              label="Mute alerts for this variant"
              name="muted"
              value="true"
              checked={values.muted}
              onChange={set("muted")}
            />
          </FormLayout>
          <Box>
            <Button submit variant="primary" loading={saving}>
              Save overrides
            </Button>
          </Box>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Variant" />;
}
