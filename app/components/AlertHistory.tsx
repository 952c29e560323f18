import { Badge, BlockStack, Box, Divider, InlineStack, Text } from "@shopify/polaris";
import { Deliveries } from "./Deliveries.tsx";
import { EpisodeStateBadge, SeverityBadge } from "./SeverityBadge.tsx";
import { KIND_LABEL, formatInstant, formatMoney } from "./format.ts";
import type { EpisodeRow } from "../dashboard/episodes.server.ts";

// A variant's episodes, newest first, each with its delivery status per channel.
export function AlertHistory(props: {
  episodes: EpisodeRow[];
  timezone: string;
  currency: string;
  compact?: boolean;
}) {
  if (props.episodes.length === 0)
    return (
      <Text as="p" tone="subdued">
        No alert for this variant yet.
      </Text>
    );
  return (
    <BlockStack gap="300">
      {props.episodes.map((e, i) => (
        <BlockStack gap="200" key={e.id}>
          {i > 0 ? <Divider /> : null}
          <InlineStack gap="200" blockAlign="center">
            <SeverityBadge severity={e.severity} />
            <Text as="span" fontWeight="semibold">
              {KIND_LABEL[e.kind] ?? e.kind}
              {e.locationName ? ` at ${e.locationName}` : ""}
            </Text>
            <EpisodeStateBadge state={e.state} />
            {e.acknowledgedAt ? <Badge>Acknowledged</Badge> : null}
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            Opened {formatInstant(e.openedAt, props.timezone)}
            {e.escalatedAt ? ` · escalated ${formatInstant(e.escalatedAt, props.timezone)}` : ""}
            {e.resolvedAt ? ` · resolved ${formatInstant(e.resolvedAt, props.timezone)}` : ""}
            {e.revenueAtRisk > 0
              ? ` · ${formatMoney(e.revenueAtRisk, props.currency)} at risk`
              : ""}
          </Text>
          <Box paddingInlineStart="200">
            <Deliveries deliveries={e.deliveries} timezone={props.timezone} />
          </Box>
        </BlockStack>
      ))}
    </BlockStack>
  );
}
