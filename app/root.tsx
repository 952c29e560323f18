import type { LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import { requestLanguage } from "./i18n.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: requestLanguage(request) };
}

// The document's language is the first load's (the admin passes ?locale only then).
export const shouldRevalidate = () => false;

export default function App() {
  const { lang } = useLoaderData<typeof loader>();
  return (
    <html lang={lang === "es" ? "es-419" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
