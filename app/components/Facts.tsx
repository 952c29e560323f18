import { InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

// Label on the left, value on the right: readable in a narrow card, unlike a two-column list.
export function Facts({ items }: { items: { term: string; description: ReactNode }[] }) {
  return (
    <dl style={{ margin: 0, display: "flex", flexDirection: "column", gap: "var(--p-space-200)" }}>
      {items.map((i) => (
        <InlineStack key={i.term} align="space-between" blockAlign="start" gap="300" wrap={false}>
          <dt style={{ flex: "1 1 50%" }}>
            <Text as="span" tone="subdued">
              {i.term}
            </Text>
          </dt>
          <dd style={{ margin: 0, flex: "1 1 50%", textAlign: "end" }}>
            <Text as="span">{i.description}</Text>
          </dd>
        </InlineStack>
      ))}
    </dl>
  );
}
