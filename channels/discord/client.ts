// Discord through discord.js's WebhookClient (execute webhook, ?wait=true for a message id).
// discord.js's REST layer would otherwise queue on rate limits and retry 5xx and timeouts by
// itself: here it makes exactly one attempt and hands a 429 back (rejectOnRateLimit), so the
// delivery layer owns retries and sees Discord's retry_after.
import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  WebhookClient,
  type RESTOptions,
} from "discord.js";
import { parseDiscordWebhook } from "./config.ts";
import type { DiscordMessage } from "./render.ts";
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

export type DiscordOptions = {
  webhookUrl: string;
  timeoutMs?: number;
  apiBase?: string; // tests and demo only: e.g. http://127.0.0.1:PORT/api
};

// Discord error codes that mean the webhook will never work again.
const GONE_CODES = new Set([10015 /* Unknown Webhook */, 50027 /* Invalid Webhook Token */]);

type Captured429 = { retryAfterMs?: number; global: boolean };

export async function sendDiscord(
  o: DiscordOptions,
  message: DiscordMessage,
): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const parsed = parseDiscordWebhook(o.webhookUrl);
  const secrets = [o.webhookUrl, parsed?.token];
  if (!parsed) return refused("not a Discord webhook URL");
  if (o.apiBase) assertTestOverrideAllowed("Discord API base override");

  // RateLimitError carries the Retry-After header but not the body, where Discord puts the
  // precise retry_after (float seconds): read it on the way through.
  let limited: Captured429 | null = null;
  // discord.js bundles its own undici typings; the global fetch is the same thing at runtime.
  const makeRequest: RESTOptions["makeRequest"] = async (url, init) => {
    const res = await fetch(url, init as RequestInit);
    if (res.status === 429) {
      const body = (await res
        .clone()
        .json()
        .catch(() => null)) as { retry_after?: number; global?: boolean } | null;
      const fromBody =
        typeof body?.retry_after === "number" ? Math.ceil(body.retry_after * 1000) : undefined;
      limited = {
        retryAfterMs: fromBody ?? parseRetryAfter(res.headers.get("retry-after")),
        global: Boolean(body?.global) || res.headers.has("x-ratelimit-global"),
      };
    }
    return res as unknown as Awaited<ReturnType<RESTOptions["makeRequest"]>>;
  };

  const client = new WebhookClient(parsed, {
    allowedMentions: { parse: [] },
    rest: {
      ...(o.apiBase ? { api: o.apiBase } : {}),
      retries: 0,
      timeout: timeoutMs,
      offset: 0,
      rejectOnRateLimit: () => true,
      // One client per send: no sweeper timers to leak.
      hashSweepInterval: 0,
      handlerSweepInterval: 0,
      makeRequest,
    },
  });

  try {
    const sent = await client.send({
      ...(message.username ? { username: message.username } : {}),
      ...(message.content ? { content: message.content } : {}),
      embeds: message.embeds,
      allowedMentions: { parse: [] },
    });
    return { ok: true, status: 200, providerId: sent.id, durationMs: Date.now() - started };
  } catch (err) {
    const durationMs = Date.now() - started;
    const captured = limited as Captured429 | null;
    if (err instanceof RateLimitError) {
      const retryAfterMs =
        captured?.retryAfterMs ?? (err.retryAfter || err.timeToReset || undefined);
      return {
        ok: false,
        retryable: true,
        status: 429,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        error: `Discord rate limit${captured?.global || err.global ? " (global)" : ""}`,
        durationMs,
      };
    }
    if (err instanceof DiscordAPIError) {
      const code = typeof err.code === "number" ? err.code : Number(err.code);
      const gone = GONE_CODES.has(code) || err.status === 404;
      const c = classifyStatus(err.status, { unhealthy: [401, 403, 404] });
      return {
        ok: false,
        ...c,
        ...(gone ? { retryable: false, permanent: "unhealthy" as const } : {}),
        status: err.status,
        error: scrub(
          `Discord ${err.status}${code ? ` (code ${code})` : ""}: ${err.message}`,
          secrets,
        ),
        durationMs,
      };
    }
    if (err instanceof HTTPError) {
      return {
        ok: false,
        ...classifyStatus(err.status),
        status: err.status,
        error: scrub(`Discord ${err.status}: ${err.message}`, secrets),
        durationMs,
      };
    }
    return networkFailure(err, timeoutMs, started, secrets);
  } finally {
    client.destroy();
  }
}
