import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";

// Error state for a page: the shell and navigation stay, the page says what failed.
export function RouteError({ title }: { title: string }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? error.status === 404
      ? "Not found. It may have been deleted in Shopify."
      : `The server answered ${error.status}. Reload the page to try again.`
    : "Something went wrong loading this page. Reload to try again.";
  return (
    <Page title={title}>
      <Banner tone="critical" title="This page could not be loaded">
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
