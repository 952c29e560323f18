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
import { I18n } from "../components/I18n.tsx";
import { adminLanguage } from "../i18n.server.ts";
import { useTranslation } from "react-i18next";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return {
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    // The simulated admin's stand-in (app/demo/); production always loads Shopify's CDN script.
    appBridgeUrl: demoEnabled() ? DEMO_APP_BRIDGE_URL : null,
    ...adminLanguage(request),
  };
}

// Nothing here changes while the app is open, and only the first load carries ?locale.
export const shouldRevalidate = () => false;

export default function App() {
  const { apiKey, appBridgeUrl, lang, catalog, polaris } = useLoaderData<typeof loader>();
  return (
    <I18n lang={lang} catalog={catalog}>
      <AppProvider
        isEmbeddedApp
        apiKey={apiKey}
        i18n={polaris}
        __APP_BRIDGE_URL={appBridgeUrl ?? undefined}
      >
        <Navigation />
        <PageLoading />
        <Outlet />
      </AppProvider>
    </I18n>
  );
}

function Navigation() {
  const { t } = useTranslation();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.overview")}
      </Link>
      <Link to="/app/inventory">{t("nav.inventory")}</Link>
      <Link to="/app/reorder">{t("nav.reorder")}</Link>
      <Link to="/app/suppliers">{t("nav.suppliers")}</Link>
      <Link to="/app/accuracy">{t("nav.accuracy")}</Link>
      <Link to="/app/alerts">{t("nav.alerts")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
      <Link to="/app/events">{t("nav.events")}</Link>
    </NavMenu>
  );
}

export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
