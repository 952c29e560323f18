// The embedded admin shell: every /app/* page is authenticated with a Shopify session token and
// rendered inside Polaris + App Bridge.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server.ts";
import { DEMO_APP_BRIDGE_URL, demoEnabled } from "../demo/demo.server.ts";
import { PageLoading } from "../components/PageLoading.tsx";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return {
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    // The simulated admin's stand-in (app/demo/); production always loads Shopify's CDN script.
    appBridgeUrl: demoEnabled() ? DEMO_APP_BRIDGE_URL : null,
  };
}

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} __APP_BRIDGE_URL={appBridgeUrl ?? undefined}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        <Link to="/app/inventory">Inventory at risk</Link>
        <Link to="/app/reorder">Reorder planner</Link>
        <Link to="/app/suppliers">Suppliers</Link>
        <Link to="/app/accuracy">Forecast accuracy</Link>
        <Link to="/app/alerts">Alerts</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/events">Events</Link>
      </NavMenu>
      <PageLoading />
      <Outlet />
    </AppProvider>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
