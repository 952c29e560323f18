import { IndexTable, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

// A figure in an IndexTable column whose heading has alignment "end": right-aligned, tabular.
export function NumberCell({ children }: { children: ReactNode }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {children}
      </Text>
    </IndexTable.Cell>
  );
}
