// Forecast accuracy: how close the forecasts the app made came to what then sold, next to the
// simple average (units sold in the last 30 days ÷ 30) for the same variants and days — overall
// for the last weeks, week by week, per demand pattern, and the biggest misses. Method:
// docs/forecasting/accuracy.md.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  DataTable,
  IndexTable,
  InlineGrid,
  List,
  Page,
  Tabs,
  Text,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import { loadAccuracy, parseHorizon, type AccuracyView } from "../dashboard/accuracy.server.ts";
import {
  DEMAND_CLASS_LABEL,
  biasWords,
  coverageSentence,
  errorSentence,
  stockoutSentence,
  type Figures,
} from "../../domain/accuracy/index.ts";
import { AccuracyTrendChart } from "../components/AccuracyCharts.tsx";
import { BackfillProgress, backfillRunning } from "../components/BackfillProgress.tsx";
import { EmptyCard } from "../components/EmptyCard.tsx";
import { Metric } from "../components/Metric.tsx";
import { NumberCell } from "../components/NumberCell.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { TableCard } from "../components/TableCard.tsx";
import { VariantLink } from "../components/VariantLink.tsx";
import { formatDay, formatNumber, formatPercent, formatRate } from "../components/format.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const horizon = parseHorizon(new URL(request.url).searchParams.get("horizon"));
  const view = await loadAccuracy(db(), shop, horizon);
  return { view, backfill: shop.backfill };
}

const TABS = [
  { id: "7", content: "Next 7 days" },
  { id: "30", content: "Next 30 days" },
];

export default function Accuracy() {
  const { view, backfill } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const f = view.recent?.figures;
  return (
    <Page
      title="Forecast accuracy"
      subtitle="How close our forecasts came to what you then sold, next to the simple average"
    >
      <BlockStack gap="400">
        <BackfillProgress {...backfill} />
        <ReplayBanner view={view} importing={backfillRunning(backfill.phase)} />
        <Card padding="0">
          <Tabs
            tabs={TABS}
            selected={view.horizon === 30 ? 1 : 0}
            onSelect={(i) => navigate(i === 1 ? "?horizon=30" : "?", { preventScrollReset: true })}
          />
        </Card>
        {!f || !view.recent ? (
          <Card>
            <EmptyCard title="No forecast has been scored yet">
              A forecast is scored once the days it covers have passed: the 7-day ones after a week,
              the 30-day ones after a month (and one more day for late orders).
            </EmptyCard>
          </Card>
        ) : (
          <>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingLg">
                  {errorSentence(f, view.horizon)}
                </Text>
                <Text as="p" tone="subdued">
                  Forecasts made {formatDay(view.recent.from, true)} –{" "}
                  {formatDay(view.recent.to, true)}: {formatNumber(f.periods)} forecasts compared
                  with {formatNumber(f.sold)} units sold
                  {f.censored > 0
                    ? `, ${formatNumber(f.censored)} left out (out of stock the whole period)`
                    : ""}
                  .
                </Text>
              </BlockStack>
            </Card>
            <InlineGrid columns={{ xs: 1, sm: 2, md: view.horizon === 30 ? 5 : 4 }} gap="400">
              <Metric
                label="Off by (share of units sold)"
                value={formatPercent(f.wape)}
                tone={better(f.wape, f.seedWape) ? "success" : undefined}
                caption={`Simple average: ${formatPercent(f.seedWape)}`}
              />
              <Metric
                label="Typical miss per variant"
                value={`${formatRate(f.mae)} units`}
                caption={`Simple average: ${formatRate(f.seedMae)} · RMSE ${formatRate(f.rmse)} vs ${formatRate(f.seedRmse)}`}
              />
              <Metric
                label="Overall, our forecast was"
                value={biasWords(f.bias)}
                caption={`Simple average: ${biasWords(f.seedBias)}`}
              />
              <Metric
                label="Sales inside our likely range"
                value={formatPercent(f.coverage)}
                caption={`Aim: 80% · below ${formatPercent(f.belowRange)}, above ${formatPercent(f.aboveRange)}`}
              />
              {view.horizon === 30 ? (
                <Metric
                  label="Stockout date within a week"
                  value={formatPercent(f.stockoutHitRate)}
                  caption={`Simple average: ${formatPercent(f.seedStockoutHitRate)} · ${formatNumber(f.stockouts)} stockouts`}
                />
              ) : null}
            </InlineGrid>
            <Card>
              <BlockStack gap="200">
                <Text as="p">{coverageSentence(f)}</Text>
                {view.horizon === 30 ? <Text as="p">{stockoutSentence(f)}</Text> : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Week by week
                </Text>
                <AccuracyTrendChart
                  weeks={view.weeks.map((w) => ({
                    week: w.week,
                    wape: w.figures.wape,
                    seedWape: w.figures.seedWape,
                  }))}
                />
                <FiguresTable
                  first="Forecasts made in the week of"
                  rows={[...view.weeks].reverse().map((w) => [formatDay(w.week, true), w.figures])}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  By how a variant sells
                </Text>
                <FiguresTable
                  first="Demand pattern"
                  rows={view.classes.map((c) => [
                    DEMAND_CLASS_LABEL[c.demandClass] ?? c.demandClass,
                    c.figures,
                  ])}
                />
              </BlockStack>
            </Card>
            <Misses view={view} />
          </>
        )}
        <HowWeMeasure />
      </BlockStack>
    </Page>
  );
}

function better(ours: number | null, seed: number | null): boolean {
  return ours !== null && seed !== null && ours < seed;
}

function FiguresTable(props: { first: string; rows: [string, Figures][] }) {
  return (
    <DataTable
      columnContentTypes={["text", "numeric", "numeric", "numeric", "text", "text", "numeric"]}
      headings={[
        props.first,
        "Scored",
        "Off by: ours",
        "Simple average",
        "Bias: ours",
        "Simple average",
        "Inside range",
      ]}
      rows={props.rows.map(([label, f]) => [
        label,
        formatNumber(f.periods),
        formatPercent(f.wape),
        formatPercent(f.seedWape),
        biasWords(f.bias),
        biasWords(f.seedBias),
        formatPercent(f.coverage),
      ])}
    />
  );
}

function Misses({ view }: { view: AccuracyView }) {
  return (
    <TableCard
      header={
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Biggest misses
          </Text>
          <Text as="p" tone="subdued">
            The 7-day forecasts of the last four weeks furthest from what sold, one per variant.
            Open a variant to see its past forecasts against its sales.
          </Text>
        </BlockStack>
      }
    >
      {view.misses.length === 0 ? (
        <EmptyCard title="No miss to show">Nothing scored in these weeks sold at all.</EmptyCard>
      ) : (
        <IndexTable
          resourceName={{ singular: "forecast", plural: "forecasts" }}
          itemCount={view.misses.length}
          selectable={false}
          headings={[
            { title: "Variant" },
            { title: "Forecast made" },
            { title: "We expected", alignment: "end" },
            { title: "Likely range", alignment: "end" },
            { title: "Simple average", alignment: "end" },
            { title: "Sold", alignment: "end" },
          ]}
        >
          {view.misses.map((m, i) => (
            <IndexTable.Row id={m.variantId} key={m.variantId} position={i}>
              <IndexTable.Cell>
                <VariantLink
                  variantId={m.variantId}
                  productTitle={m.productTitle}
                  variantTitle={m.variantTitle}
                />
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDay(m.day, true)}</IndexTable.Cell>
              <NumberCell>{formatRate(m.forecast)}</NumberCell>
              <NumberCell>
                {formatRate(m.low)} – {formatRate(m.high)}
              </NumberCell>
              <NumberCell>{formatRate(m.seedForecast)}</NumberCell>
              <NumberCell>
                {formatNumber(m.sold)}
                {m.openDays < 7 ? ` (${m.openDays} of 7 days in stock)` : ""}
              </NumberCell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
    </TableCard>
  );
}

function ReplayBanner({ view, importing }: { view: AccuracyView; importing: boolean }) {
  const r = view.replay;
  if (r.status === "failed")
    return (
      <Banner tone="critical" title="Your history could not be replayed">
        <p>{r.error ?? "Unknown error"}. New forecasts are still scored every day.</p>
      </Banner>
    );
  if (importing || r.status === "running" || (r.status === null && !view.recent))
    return (
      <Banner tone="info" title="Replaying your history">
        <p>
          We run the forecast as it would have been made on past days of your imported history and
          score it against what sold next. This page fills in when that is done.
        </p>
      </Banner>
    );
  if (r.status === "done" && r.origins > 0)
    return (
      <Banner tone="info" hideIcon>
        <p>
          Includes {formatNumber(r.forecasts)} forecasts replayed over {r.origins} past weeks of
          your history at install; since then every day's forecast is kept and scored.
        </p>
      </Banner>
    );
  return null;
}

function HowWeMeasure() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          How we measure
        </Text>
        <List>
          <List.Item>
            Every day we keep what we forecast for each variant for the next 7 and 30 days, and what
            the simple average would have said: units sold in the last 30 days ÷ 30.
          </List.Item>
          <List.Item>
            When those days have passed we compare both with what sold. Days a variant was out of
            stock are left out: nobody could buy it, so they say nothing about demand. The forecast
            is scaled to the days it was in stock.
          </List.Item>
          <List.Item>
            “Off by” is the total of the misses as a share of what sold; “typical miss” is the same
            per variant, in units. Bias says whether forecasts ran high or low overall.
          </List.Item>
          <List.Item>
            The likely range (P10–P90) should hold what sold about 8 times in 10; it is judged on
            periods in stock every day.
          </List.Item>
        </List>
      </BlockStack>
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Forecast accuracy" />;
}
