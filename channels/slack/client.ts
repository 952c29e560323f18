// Slack through @slack/webhook's IncomingWebhook. Its own retries are off (retries: 0) and it
// gets a timeout; its HTTP error does not carry headers, so the fetch it uses is wrapped to keep
// the answer's Retry-After.
import {
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
  type FetchFunction,
} from "@slack/webhook";
import { SLACK_WEBHOOK_RE } from "./config.ts";
import type { SlackMessage } from "./render.ts";
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

export type SlackOptions = {
  webhookUrl: string;
  timeoutMs?: number;
  // Tests and demo only: accept any http(s) URL, such as a local fake.
  allowInsecureUrl?: boolean;
};

// Slack's documented incoming-webhook errors that mean "this webhook will not work again":
// 403 invalid_token / action_prohibited, 404 no_service / channel_not_found,
// 410 channel_is_archived.
const UNHEALTHY = [403, 404, 410];

export async function sendSlack(o: SlackOptions, message: SlackMessage): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.webhookUrl, new URL(o.webhookUrl, "http://x").pathname];
  if (o.allowInsecureUrl) assertTestOverrideAllowed("Slack insecure URL");
  const valid = o.allowInsecureUrl
    ? /^https?:\/\//.test(o.webhookUrl) && URL.canParse(o.webhookUrl)
    : SLACK_WEBHOOK_RE.test(o.webhookUrl);
  if (!valid) return refused("not a Slack incoming webhook URL");

  let retryAfter: string | null = null;
  const capturing: FetchFunction = async (url, init) => {
    const res = await fetch(url, init as RequestInit);
    retryAfter = res.headers.get("retry-after");
    return res;
  };
  const hook = new IncomingWebhook(o.webhookUrl, {
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    fetch: capturing,
  });

  try {
    const res = await hook.send({ text: message.text, blocks: message.blocks });
    // Slack answers a bare "ok" and no message id.
    void res;
    return { ok: true, status: 200, durationMs: Date.now() - started };
  } catch (err) {
    const durationMs = Date.now() - started;
    if (err instanceof IncomingWebhookHTTPError) {
      const retryAfterMs = parseRetryAfter(retryAfter);
      const reason = err.body.trim().slice(0, 100);
      return {
        ok: false,
        ...classifyStatus(err.statusCode, { unhealthy: UNHEALTHY, retryAfterMs }),
        status: err.statusCode,
        error: scrub(`Slack ${err.statusCode}${reason ? `: ${reason}` : ""}`, secrets),
        durationMs,
      };
    }
    if (err instanceof IncomingWebhookRequestError) {
      return networkFailure(err.original, timeoutMs, started, secrets);
    }
    return networkFailure(err, timeoutMs, started, secrets);
  }
}
