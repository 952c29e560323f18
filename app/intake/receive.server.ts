// Webhook intake: verify (HMAC over the raw body), keep only what we apply, record the event in
// Postgres, enqueue its id, answer. Postgres is the record of what we accepted: if Redis is down
// the event still gets a 200 and the worker's sweeper enqueues it later; if Postgres is down we
// answer 503 so Shopify retries. See docs/decisions/0003-intake-outbox.md.
import { authenticate } from "../shopify.server.ts";
import { services } from "../services.server.ts";
import { normalizeTopic, parsePayload } from "../../domain/events.ts";
import { env } from "../../infra/env.ts";
import { intakeSeconds, webhooksReceived } from "../../infra/metrics.ts";
import { readBodyCapped, BodyTooLarge } from "./body.server.ts";
import { recordRejection } from "./record.server.ts";
import { acceptEvent } from "./accept.server.ts";

function answer(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

export async function receiveWebhook(request: Request): Promise<Response> {
  const stop = intakeSeconds.startTimer();
  try {
    return await receive(request);
  } finally {
    stop();
  }
}

async function receive(request: Request): Promise<Response> {
  const { db, log } = services();
  const maxBytes = env().WEBHOOK_MAX_BYTES;
  const claimed = {
    shop: request.headers.get("x-shopify-shop-domain"),
    topic: request.headers.get("x-shopify-topic"),
    webhookId: request.headers.get("x-shopify-webhook-id"),
  };
  const reject = async (status: number, reason: string, bytes: number) => {
    webhooksReceived.inc({ topic: claimed.topic ?? "unknown", outcome: `rejected_${status}` });
    log.warn({ ...claimed, status, reason, bytes }, "webhook rejected");
    await recordRejection(db.pool, { ...claimed, status, reason, bytes }).catch(() => {});
    return answer(status, reason);
  };

  let body: string | undefined;
  if (request.method === "POST") {
    try {
      body = await readBodyCapped(request, maxBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        return reject(413, `body larger than ${maxBytes} bytes`, err.bytes);
      }
      throw err;
    }
  }
  const bytes = body ? Buffer.byteLength(body) : 0;

  let ctx: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    ctx = await authenticate.webhook(
      new Request(request.url, {
        method: request.method,
        headers: shopifyHeaders(request.headers),
        body,
      }),
    );
  } catch (err) {
    if (err instanceof Response) {
      // 401 forged/unsigned, 400 missing Shopify headers, 405 not a POST. Not stored: anyone can
      // send these, so they only count and log.
      webhooksReceived.inc({ topic: claimed.topic ?? "unknown", outcome: `refused_${err.status}` });
      log.warn({ ...claimed, status: err.status }, "webhook refused");
      return answer(err.status, err.status === 401 ? "invalid HMAC" : err.statusText || "refused");
    }
    if (err instanceof SyntaxError) return reject(400, "body is not valid JSON", bytes);
    log.error({ ...claimed, err: String(err) }, "webhook verification failed");
    return answer(503, "temporarily unavailable, retry");
  }

  const topic = normalizeTopic(ctx.topic);
  const parsed = parsePayload(topic, ctx.payload);
  if (!parsed.ok) {
    // A topic we do not handle is our configuration's fault, not Shopify's: acknowledge it so it
    // is not retried for hours, and keep a trace for the operator.
    if (parsed.reason.startsWith("unsupported topic")) {
      return reject(200, `unsupported topic ${claimed.topic ?? topic}`, bytes);
    }
    return reject(422, parsed.reason, bytes);
  }

  let eventId: string | null;
  try {
    eventId = await acceptEvent({
      shop: ctx.shop,
      topic,
      webhookId: ctx.webhookId,
      eventId: "eventId" in ctx ? (ctx.eventId ?? null) : null,
      apiVersion: ctx.apiVersion,
      triggeredAt: ctx.triggeredAt ?? null,
      payload: parsed.payload,
    });
  } catch (err) {
    log.error(
      { shop: ctx.shop, topic, err: String(err) },
      "could not record webhook; asking Shopify to retry",
    );
    webhooksReceived.inc({ topic, outcome: "unavailable" });
    return answer(503, "temporarily unavailable, retry");
  }

  if (eventId === null) {
    webhooksReceived.inc({ topic, outcome: "duplicate" });
    return answer(200, "duplicate");
  }
  webhooksReceived.inc({ topic, outcome: "accepted" });
  return answer(200, "ok");
}

// Only Shopify's own headers matter to verification. The library canonicalises every header
// name once per header it looks up, so proxies' extra headers would cost CPU on every webhook.
function shopifyHeaders(headers: Headers): Headers {
  const out = new Headers();
  for (const [name, value] of headers) {
    if (name.startsWith("x-shopify-") || name.startsWith("shopify-") || name === "content-type") {
      out.set(name, value);
    }
  }
  return out;
}
