// Fake Telegram Bot API: POST /bot{token}/sendMessage (JSON). Every answer is {"ok": …}: the sent
// Message, or error_code + description (+ parameters.retry_after on 429, migrate_to_chat_id when a
// group became a supergroup), as the Bot API documents. Checks what Telegram checks: a known
// token (401 Unauthorized once revoked, 404 for a malformed one), a chat the bot is in (400 chat
// not found, 403 when blocked or kicked), text of 1–4096 characters after entity parsing, HTML
// limited to Telegram's tags and entities (400 can't parse entities), URL buttons.
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeTelegramOptions = StartOptions & {
  bots: { token: string; chats: (string | number)[] }[];
  // Per-chat limit as Telegram applies it (about one message a second).
  rateLimit?: { limit: number; windowMs: number };
};

export type SentTelegram = {
  token: string;
  chatId: string;
  text: string;
  body: Record<string, unknown>;
};

export type FakeTelegram = FakeServer & {
  messages: SentTelegram[];
  revoke(token: string): void;
  block(chatId: string | number): void;
  migrate(chatId: string | number, to: number): void;
};

export const telegramError = (code: number, description: string, parameters?: object): Answer => ({
  status: code,
  body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
});

export const telegramRateLimit = (retryAfterSeconds: number): Answer =>
  telegramError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });

const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "tg-spoiler",
  "span",
  "blockquote",
  "tg-emoji",
]);
const ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;

// The visible text, or the reason Telegram would give for refusing the markup.
function parseHtml(text: string): { plain: string } | { error: string } {
  const stack: string[] = [];
  const bare = text.replace(ENTITY, "x");
  if (/&/.test(bare)) return { error: "Can't parse entities: unsupported entity" };
  const re = /<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*>|[<>]/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!m[2])
      return { error: `Can't parse entities: unexpected "${m[0]}" at byte offset ${m.index}` };
    const tag = m[2].toLowerCase();
    if (!TAGS.has(tag)) return { error: `Can't parse entities: unsupported start tag "${tag}"` };
    if (m[1]) {
      if (stack.pop() !== tag)
        return {
          error: `Can't parse entities: can't find end tag corresponding to start tag "${tag}"`,
        };
    } else stack.push(tag);
  }
  if (stack.length)
    return {
      error: `Can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { plain: text.replace(/<[^>]+>/g, "").replace(ENTITY, "x") };
}

export async function startFakeTelegram(o: FakeTelegramOptions): Promise<FakeTelegram> {
  const bots = new Map(o.bots.map((b) => [b.token, new Set(b.chats.map(String))]));
  const revoked = new Set<string>();
  const blocked = new Set<string>();
  const migrated = new Map<string, number>();
  const sentAt = new Map<string, number[]>();
  const messages: SentTelegram[] = [];
  let nextId = 100;
  const server = await startFakeServer(o, (req) => {
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(req.path);
    if (req.method !== "POST" || !m) return telegramError(404, "Not Found");
    const token = decodeURIComponent(m[1]!);
    if (!/^\d+:[\w-]+$/.test(token)) return telegramError(404, "Not Found");
    const chats = bots.get(token);
    if (!chats || revoked.has(token)) return telegramError(401, "Unauthorized");
    const body = req.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object")
      return telegramError(400, "Bad Request: message text is empty");
    const chatId = String(body.chat_id ?? "");
    if (!chatId) return telegramError(400, "Bad Request: chat_id is empty");
    if (migrated.has(chatId))
      return telegramError(400, "Bad Request: group chat was upgraded to a supergroup chat", {
        migrate_to_chat_id: migrated.get(chatId),
      });
    if (!chats.has(chatId)) return telegramError(400, "Bad Request: chat not found");
    if (blocked.has(chatId))
      return telegramError(
        403,
        chatId.startsWith("-")
          ? "Forbidden: bot was kicked from the supergroup chat"
          : "Forbidden: bot was blocked by the user",
      );
    if (o.rateLimit) {
      const now = Date.now();
      const recent = (sentAt.get(chatId) ?? []).filter((t) => t > now - o.rateLimit!.windowMs);
      if (recent.length >= o.rateLimit.limit)
        return telegramRateLimit(
          Math.max(1, Math.ceil((recent[0]! + o.rateLimit.windowMs - now) / 1000)),
        );
      sentAt.set(chatId, [...recent, now]);
    }
    const text = typeof body.text === "string" ? body.text : "";
    const parsed = body.parse_mode === "HTML" ? parseHtml(text) : { plain: text };
    if ("error" in parsed) return telegramError(400, `Bad Request: ${parsed.error}`);
    if (parsed.plain.trim() === "") return telegramError(400, "Bad Request: message text is empty");
    if (parsed.plain.length > 4096) return telegramError(400, "Bad Request: message is too long");
    const keyboard = (
      body.reply_markup as { inline_keyboard?: { text?: string; url?: string }[][] } | undefined
    )?.inline_keyboard;
    for (const b of keyboard?.flat() ?? [])
      if (!b.text || !/^(https?|tg):\/\//.test(b.url ?? ""))
        return telegramError(400, "Bad Request: BUTTON_URL_INVALID");
    messages.push({ token, chatId, text, body });
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: nextId++,
          from: {
            id: Number(token.split(":")[0]),
            is_bot: true,
            first_name: "Radar",
            username: "radar_bot",
          },
          chat: chatId.startsWith("-")
            ? { id: Number(chatId), title: "Ops", type: "supergroup" }
            : { id: Number(chatId), first_name: "Owner", type: "private" },
          date: Math.floor(Date.now() / 1000),
          text: parsed.plain,
        },
      },
    };
  });
  return {
    ...server,
    messages,
    revoke: (t) => void revoked.add(t),
    block: (c) => void blocked.add(String(c)),
    migrate: (c, to) => void migrated.set(String(c), to),
    reset() {
      server.reset();
      messages.length = 0;
      sentAt.clear();
    },
  };
}
