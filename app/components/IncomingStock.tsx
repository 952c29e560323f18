// Stock on its way for one variant: each arrival with its date and where the date comes from,
// and, when the variant probably runs out before the next one lands, how long and what it costs.
// Words live in COPY so the page can move them into a catalogue as they are.
import { Banner, BlockStack, DataTable, Text } from "@shopify/polaris";
import type { DatedArrival } from "../../domain/incoming/arrivals.ts";
import { formatDay, formatMoney, formatNumber, formatPercent } from "./format.ts";

export const INCOMING_COPY = {
  title: "On its way",
  none: "Nothing on its way: no open transfer, shipment or purchase order for this variant.",
  headings: ["Expected", "Units", "From", "What", "Destination"],
  source: {
    shipment: "Shipment in transit",
    transfer: "Transfer, not shipped yet",
    purchase_order: "Purchase order",
    app_order: "Ordered here",
    incoming: "Incoming in Shopify",
  },
  basis: {
    tracking: "carrier's estimate",
    expected: "expected date",
    supplier_lead_time: "ordered + supplier's lead time",
    lead_time: "ordered + lead time",
  },
  overdue: "overdue",
  gapTitle: "It probably runs out before the next arrival lands",
  gap: (chance: string, days: string, lost: string, when: string) =>
    `${chance} chance it sells out before ${when}: about ${days} out of stock and ${lost} in sales. Ask the supplier to expedite, or move stock from another location.`,
} as const;

export function IncomingStock(props: {
  arrivals: DatedArrival[];
  locations: { id: string; name: string }[];
  currency: string;
  gap: { p: number | null; days: number | null; revenue: number | null; on: string | null };
  gapBar: number; // the shop's alert quantile as a probability
}) {
  const c = INCOMING_COPY;
  const where = (id: string) =>
    id === "0" ? "—" : (props.locations.find((l) => l.id === id)?.name ?? `Location ${id}`);
  const late = props.gap.p !== null && props.gap.p >= props.gapBar && props.gap.on;
  return (
    <BlockStack gap="300">
      <Text as="h2" variant="headingMd">
        {c.title}
      </Text>
      {late ? (
        <Banner tone="warning" title={c.gapTitle}>
          <p>
            {c.gap(
              formatPercent(props.gap.p),
              `${Math.max(1, Math.round(props.gap.days ?? 0))} days`,
              formatMoney(props.gap.revenue ?? 0, props.currency),
              formatDay(props.gap.on, true),
            )}
          </p>
        </Banner>
      ) : null}
      {props.arrivals.length === 0 ? (
        <Text as="p" tone="subdued">
          {c.none}
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "text", "text", "text"]}
          headings={[...c.headings]}
          rows={props.arrivals.map((a) => [
            <span key="d" data-testid="arrival-date">
              {formatDay(a.expectedOn, true)}
              <Text as="span" tone="subdued" variant="bodySm">
                {" "}
                ({a.overdue ? c.overdue : c.basis[a.basis]})
              </Text>
            </span>,
            formatNumber(a.quantity),
            a.supplier ?? "—",
            `${c.source[a.source]}${a.name ? ` · ${a.name}` : ""}`,
            where(a.locationId),
          ])}
        />
      )}
    </BlockStack>
  );
}
