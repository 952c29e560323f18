// Telegram through the Bot API's sendMessage (POST https://api.telegram.org/bot<token>/sendMessage,
// JSON). Every answer is {"ok": bool, …}: a result with the message, or error_code, description
// and sometimes parameters.retry_after (seconds, on 429) or parameters.migrate_to_chat_id (the
// group became a supergroup). The token sits in the URL path: it is scrubbed from every error.
import { request } from "undici";
import {
  assertTestOverrideAllowed,
  classifyStatus,
  DEFAULT_TIMEOUT_MS,
  networkFailure,
  scrub,
  type SendOutcome,
} from "../outcome.ts";
import type { TelegramMessage } from "./render.ts";

export type TelegramOptions = {
  botToken: string;
  chatId: string;
  timeoutMs?: number;
  apiBase?: string; // tests and demo only: a local fake of api.telegram.org
};

type Answer = {
  ok?: boolean;
  result?: { message_id?: number };
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
};

// Descriptions Telegram gives when a chat can never be reached again by this bot: the token was
// revoked (401), the bot was blocked, kicked or never added (403), the chat does not exist (400).
const GONE_400 =
  /chat not found|group chat was upgraded|have no rights|not enough rights|need administrator rights/i;

export async function sendTelegram(o: TelegramOptions, m: TelegramMessage): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.botToken];
  if (o.apiBase) assertTestOverrideAllowed("Telegram API base override");
  const base = (o.apiBase ?? "https://api.telegram.org").replace(/\/$/, "");
  const chatId = /^-?\d+$/.test(o.chatId) ? Number(o.chatId) : o.chatId;
  try {
    const res = await request(`${base}/bot${o.botToken}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chatId, ...m }),
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await res.body.text();
    const durationMs = Date.now() - started;
    let answer: Answer = {};
    try {
      answer = JSON.parse(text) as Answer;
    } catch {
      // A proxy's HTML error page: classified by status alone.
    }
    const status = res.statusCode;
    if (status === 200 && answer.ok) {
      const id = answer.result?.message_id;
      return {
        ok: true,
        status,
        durationMs,
        ...(id !== undefined ? { providerId: String(id) } : {}),
      };
    }
    const code = answer.error_code ?? status;
    const description = answer.description ?? `HTTP ${status}`;
    const retryAfter = answer.parameters?.retry_after;
    const migrated = answer.parameters?.migrate_to_chat_id;
    const c = classifyStatus(code, {
      unhealthy: [401, 403, 404],
      ...(typeof retryAfter === "number" ? { retryAfterMs: Math.ceil(retryAfter * 1000) } : {}),
    });
    const gone = code === 400 && (GONE_400.test(description) || migrated !== undefined);
    return {
      ok: false,
      ...c,
      ...(gone ? { retryable: false, permanent: "unhealthy" as const } : {}),
      status: code,
      error: scrub(
        `Telegram ${code}: ${description}${migrated !== undefined ? ` (the chat's new id is ${migrated})` : ""}`,
        secrets,
      ),
      durationMs,
    };
  } catch (err) {
    return networkFailure(err, timeoutMs, started, secrets);
  }
}
