import { BlockStack, Box, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

// Polaris' EmptyState wants an illustration from Shopify's CDN; a plain, centred message keeps
// the page self-contained and the same height whatever loads.
export function EmptyCard(props: { title: string; children?: ReactNode; minHeight?: number }) {
  return (
    <Box paddingBlock="800" paddingInline="400" minHeight={`${props.minHeight ?? 120}px`}>
      <BlockStack gap="200" inlineAlign="center">
        <Text as="p" variant="headingSm" alignment="center">
          {props.title}
        </Text>
        {props.children ? (
          <Text as="p" tone="subdued" alignment="center">
            {props.children}
          </Text>
        ) : null}
      </BlockStack>
    </Box>
  );
}
