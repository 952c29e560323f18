// Generic HTTPS webhook (Zapier, n8n, Flow, an ERP): POST of the versioned JSON document, signed.
//
// Signature: X-Radar-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
// with X-Radar-Timestamp: <unix seconds>. Receivers recompute it over the raw body bytes, compare
// in constant time, and reject timestamps more than 5 minutes old (replay). X-Radar-Delivery is
// stable per (episode, step): receivers dedupe on it, because a retry re-sends the same delivery.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { request } from "undici";
import type { WebhookPayload } from "./render.ts";
import {
  assertTestOverrideAllowed,
  classifyStatus,
  DEFAULT_TIMEOUT_MS,
  networkFailure,
  parseRetryAfter,
  refused,
  scrub,
  type SendOutcome,
} from "../outcome.ts";
import { headerOf, readSome } from "../http.ts";
import { isPublicAddress, PrivateAddressError, publicOnlyAgent } from "../public-address.ts";

export const SIGNATURE_HEADER = "x-radar-signature";
export const TIMESTAMP_HEADER = "x-radar-timestamp";
export const DELIVERY_HEADER = "x-radar-delivery";
export const EVENT_HEADER = "x-radar-event";
export const SIGNATURE_TOLERANCE_S = 300;

export type WebhookOptions = {
  url: string;
  signingSecret: string;
  timeoutMs?: number;
  now?: () => Date;
  // Tests and demo only: allow http:// and private addresses (a local receiver).
  allowInsecureUrl?: boolean;
};

export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
  return `sha256=${mac}`;
}

export function verifyWebhookSignature(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string | Buffer,
  now = new Date(),
  toleranceS = SIGNATURE_TOLERANCE_S,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(now.getTime() / 1000 - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

// Unhealthy: the endpoint is gone (404, 410) or refuses our signature (401, 403).
const UNHEALTHY = [401, 403, 404, 410];

export async function sendWebhook(
  o: WebhookOptions,
  payload: WebhookPayload,
): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.url, o.signingSecret];
  if (!URL.canParse(o.url)) return refused("webhook URL is not a URL");
  const url = new URL(o.url);
  if (o.allowInsecureUrl) assertTestOverrideAllowed("webhook insecure URL");
  else {
    if (url.protocol !== "https:") return refused("webhook URL must use https");
    const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
    if (isIP(host) && !isPublicAddress(host))
      return refused("webhook host is not a public address");
    if (/^localhost$|\.localhost$|\.internal$|\.local$/i.test(host))
      return refused("webhook host is not a public address");
  }

  const body = JSON.stringify(payload);
  const timestamp = Math.floor((o.now?.() ?? new Date()).getTime() / 1000);
  try {
    const res = await request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "StockoutRadar-Webhook/1",
        [EVENT_HEADER]: payload.type,
        [DELIVERY_HEADER]: payload.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(o.signingSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(o.allowInsecureUrl ? {} : { dispatcher: publicOnlyAgent() }),
    });
    const status = res.statusCode;
    if (status >= 200 && status < 300) {
      await res.body.dump();
      return { ok: true, status, durationMs: Date.now() - started };
    }
    const text = (await readSome(res.body)).replace(/\s+/g, " ").trim();
    const durationMs = Date.now() - started;
    if (status >= 300 && status < 400) {
      return {
        ok: false,
        retryable: false,
        status,
        error: `webhook answered ${status}: redirects are not followed`,
        durationMs,
      };
    }
    const retryAfterMs = parseRetryAfter(headerOf(res.headers["retry-after"]));
    return {
      ok: false,
      ...classifyStatus(status, { unhealthy: UNHEALTHY, retryAfterMs }),
      status,
      error: scrub(`webhook answered ${status}${text ? `: ${text.slice(0, 200)}` : ""}`, secrets),
      durationMs,
    };
  } catch (err) {
    if (
      err instanceof PrivateAddressError ||
      (err as { cause?: unknown }).cause instanceof PrivateAddressError
    ) {
      return refused("webhook host resolves to a non-public address", Date.now() - started);
    }
    return networkFailure(err, timeoutMs, started, secrets);
  }
}
