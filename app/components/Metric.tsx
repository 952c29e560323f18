import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

// A headline number. The fixed minimum height keeps the grid from jumping when a caption
// appears or a number grows.
export function Metric(props: {
  label: string;
  value: string;
  caption?: ReactNode;
  tone?: "critical" | "caution" | "success";
}) {
  return (
    <Card>
      <div style={{ minHeight: 84 }}>
        <BlockStack gap="150">
          <Text as="h3" variant="bodyMd" tone="subdued">
            {props.label}
          </Text>
          <Text as="p" variant="heading2xl" tone={props.tone}>
            {props.value}
          </Text>
          {props.caption ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {props.caption}
            </Text>
          ) : null}
        </BlockStack>
      </div>
    </Card>
  );
}
