// Every Shopify webhook topic is delivered to /webhooks/<resource>/<event> (see shopify.app.toml);
// the topic header, not the path, decides what the worker does with it.
import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../intake/receive.server.ts";

export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request);

export const loader = () =>
  new Response("Webhooks are delivered by POST", { status: 405, headers: { allow: "POST" } });
