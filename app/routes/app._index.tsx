import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  return { shop: session.shop };
}

export default function Overview() {
  const { shop } = useLoaderData<typeof loader>();
  return (
    <Page title="Stockout radar">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {shop}
          </Text>
          <Text as="p">Forecasts and alerts for every variant will appear here.</Text>
        </BlockStack>
      </Card>
    </Page>
  );
}
