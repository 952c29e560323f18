// Sends webhooks the way Shopify does: JSON body, HMAC-SHA256 of the raw bytes with the app
// secret (signed with @shopify/shopify-api's own test helper), and the X-Shopify-* headers.
import { randomUUID } from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { TEST_SECRET } from "./stack.ts";

export type SendOptions = {
  shop?: string;
  webhookId?: string;
  secret?: string;
  body?: string; // raw body override (malformed tests)
  headers?: Record<string, string | null>; // null removes a header
  method?: string;
  apiVersion?: string;
};

export async function sendWebhook(
  baseUrl: string,
  topic: string,
  payload: unknown,
  o: SendOptions = {},
) {
  const body = o.body ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": o.shop ?? "test-shop.myshopify.com",
    "x-shopify-api-version": o.apiVersion ?? "2026-10",
    "x-shopify-webhook-id": o.webhookId ?? randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-hmac-sha256": getHmac(body, o.secret ?? TEST_SECRET),
  };
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  const res = await fetch(`${baseUrl}/webhooks/${topic}`, {
    method: o.method ?? "POST",
    headers,
    body: (o.method ?? "POST") === "GET" ? undefined : body,
  });
  return { status: res.status, text: await res.text(), webhookId: headers["x-shopify-webhook-id"] };
}
