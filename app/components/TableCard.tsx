import { BlockStack, Card } from "@shopify/polaris";
import type { ReactNode } from "react";

// A card whose table runs edge to edge: the card has no padding, so its header brings its own.
export function TableCard({ header, children }: { header: ReactNode; children: ReactNode }) {
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>{header}</div>
        {children}
      </BlockStack>
    </Card>
  );
}
