import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { StatusBadge } from "./SeverityBadge.tsx";
import { formatInstant } from "./format.ts";
import type { DeliveryRow } from "../dashboard/episodes.server.ts";

// One line per channel × step: where the alert went, whether it arrived, and why not.
export function Deliveries({
  deliveries,
  timezone,
}: {
  deliveries: DeliveryRow[];
  timezone: string;
}) {
  if (deliveries.length === 0)
    return (
      <Text as="span" tone="subdued" variant="bodySm">
        No notification (opened at install, snoozed or muted, or below every channel's minimum)
      </Text>
    );
  return (
    <BlockStack gap="100">
      {deliveries.map((d) => {
        const error = d.lastError ?? d.lastAttempt?.error ?? null;
        return (
          <BlockStack gap="050" key={d.id}>
            <InlineStack gap="150" blockAlign="center" wrap={false}>
              <StatusBadge status={d.status} />
              <Text as="span" variant="bodySm">
                {d.channelName} · {d.step}
                {d.attempts > 1 ? ` · ${d.attempts} attempts` : ""}
                {d.sentAt ? ` · ${formatInstant(d.sentAt, timezone)}` : ""}
              </Text>
            </InlineStack>
            {error && d.status !== "sent" ? (
              <Text as="span" variant="bodySm" tone="critical">
                {d.lastAttempt?.responseCode ? `HTTP ${d.lastAttempt.responseCode}: ` : ""}
                {error}
              </Text>
            ) : null}
          </BlockStack>
        );
      })}
    </BlockStack>
  );
}
