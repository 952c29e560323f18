// Fake Discord execute-webhook endpoint: POST /api/v10/webhooks/{id}/{token}[?wait=true].
// With wait=true it answers the created message object, otherwise 204. Unknown webhooks get
// 404 {"message":"Unknown Webhook","code":10015}; a bad token 401 code 50027; bodies over
// Discord's embed limits 400 code 50035. Every answer carries the X-RateLimit-* headers, and an
// optional per-webhook bucket answers 429 with a float retry_after, as Discord does.
import { createHash } from "node:crypto";
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeDiscordOptions = StartOptions & {
  // Registered webhooks; when given, any other id is "Unknown Webhook".
  webhooks?: { id: string; token: string }[];
  // Emulate the per-webhook bucket (Discord allows about 5 requests per 2 s per webhook).
  rateLimit?: { limit: number; windowMs: number };
};

export type FakeDiscord = FakeServer & {
  deleteWebhook(id: string): void;
  messages: { webhookId: string; message: DiscordMessageObject }[];
};

type Embed = {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
};

export type DiscordMessageObject = {
  id: string;
  type: 0;
  content: string;
  channel_id: string;
  author: { id: string; username: string; avatar: null; discriminator: "0000"; bot: true };
  embeds: Embed[];
  attachments: [];
  mentions: [];
  mention_roles: [];
  mention_everyone: false;
  pinned: false;
  tts: false;
  timestamp: string;
  edited_timestamp: null;
  flags: 0;
  components: [];
  webhook_id: string;
};

export function discordRateLimit(retryAfterSeconds: number, global = false): Answer {
  return {
    status: 429,
    body: { message: "You are being rate limited.", retry_after: retryAfterSeconds, global },
    headers: {
      "retry-after": String(Math.ceil(retryAfterSeconds)),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String((Date.now() / 1000 + retryAfterSeconds).toFixed(3)),
      "x-ratelimit-reset-after": retryAfterSeconds.toFixed(3),
      "x-ratelimit-bucket": "fakebucket",
      "x-ratelimit-scope": global ? "global" : "user",
      ...(global ? { "x-ratelimit-global": "true" } : {}),
    },
  };
}

export function discordError(status: number, code: number, message: string): Answer {
  return { status, body: { message, code } };
}

let seq = 0n;
function snowflake(): string {
  // Discord ids: milliseconds since 2015 shifted left 22 bits, plus an increment.
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (seq++ & 0xfffn)).toString();
}

function validate(b: {
  content?: unknown;
  embeds?: Embed[];
  username?: unknown;
}): Record<string, string> | null {
  const errors: Record<string, string> = {};
  const hasContent = typeof b.content === "string" && b.content.length > 0;
  if (!hasContent && (!Array.isArray(b.embeds) || b.embeds.length === 0))
    return { content: "Cannot send an empty message" };
  if (typeof b.content === "string" && b.content.length > 2000)
    errors.content = "Must be 2000 or fewer in length.";
  const embeds = b.embeds ?? [];
  if (embeds.length > 10) errors.embeds = "Must be 10 or fewer in length.";
  embeds.forEach((e, i) => {
    const p = `embeds.${i}`;
    if ((e.title?.length ?? 0) > 256) errors[`${p}.title`] = "Must be 256 or fewer in length.";
    if ((e.description?.length ?? 0) > 4096)
      errors[`${p}.description`] = "Must be 4096 or fewer in length.";
    if ((e.footer?.text?.length ?? 0) > 2048)
      errors[`${p}.footer.text`] = "Must be 2048 or fewer in length.";
    if ((e.fields?.length ?? 0) > 25) errors[`${p}.fields`] = "Must be 25 or fewer in length.";
    (e.fields ?? []).forEach((f, j) => {
      if (!f.name || f.name.length > 256)
        errors[`${p}.fields.${j}.name`] = "Must be between 1 and 256 in length.";
      if (!f.value || f.value.length > 1024)
        errors[`${p}.fields.${j}.value`] = "Must be between 1 and 1024 in length.";
    });
  });
  const total = embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text?.length ?? 0) +
      (e.author?.name?.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + (f.name?.length ?? 0) + (f.value?.length ?? 0), 0),
    0,
  );
  if (total > 6000) errors.embeds = "Embed size exceeds maximum size of 6000";
  return Object.keys(errors).length ? errors : null;
}

export async function startFakeDiscord(o: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const registered = o.webhooks ? new Map(o.webhooks.map((w) => [w.id, w.token])) : null;
  const deleted = new Set<string>();
  const hits = new Map<string, number[]>();
  const messages: FakeDiscord["messages"] = [];

  const limitHeaders = (id: string, remaining: number, resetAfterS: number) => ({
    "x-ratelimit-limit": String(o.rateLimit?.limit ?? 5),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": (Date.now() / 1000 + resetAfterS).toFixed(3),
    "x-ratelimit-reset-after": resetAfterS.toFixed(3),
    "x-ratelimit-bucket": createHash("sha1").update(id).digest("hex").slice(0, 16),
  });

  const server = await startFakeServer(o, (req) => {
    const m = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([\w-]+)$/.exec(req.path);
    if (!m || req.method !== "POST")
      return { status: 404, body: { message: "404: Not Found", code: 0 } };
    const [, id = "", token = ""] = m;
    if (deleted.has(id) || (registered && !registered.has(id)))
      return discordError(404, 10015, "Unknown Webhook");
    if (registered && registered.get(id) !== token)
      return discordError(401, 50027, "Invalid Webhook Token");

    let remaining = (o.rateLimit?.limit ?? 5) - 1;
    if (o.rateLimit) {
      const now = Date.now();
      const recent = (hits.get(id) ?? []).filter((t) => now - t < o.rateLimit!.windowMs);
      if (recent.length >= o.rateLimit.limit) {
        const wait = (recent[0]! + o.rateLimit.windowMs - now) / 1000;
        return discordRateLimit(Math.max(0.001, wait));
      }
      recent.push(now);
      hits.set(id, recent);
      remaining = o.rateLimit.limit - recent.length;
    }

    const body = req.json as Parameters<typeof validate>[0] | undefined;
    if (!body || typeof body !== "object")
      return { status: 400, body: { message: "Cannot send an empty message", code: 50006 } };
    const problems = validate(body);
    if (problems)
      return {
        status: 400,
        body: { message: "Invalid Form Body", code: 50035, errors: problems },
        headers: limitHeaders(id, remaining, 2),
      };

    const message: DiscordMessageObject = {
      id: snowflake(),
      type: 0,
      content: typeof body.content === "string" ? body.content : "",
      channel_id: "1100000000000000001",
      author: {
        id,
        username: typeof body.username === "string" ? body.username : "Captain Hook",
        avatar: null,
        discriminator: "0000",
        bot: true,
      },
      embeds: (body.embeds ?? []).map((e) => ({ type: "rich", ...e })),
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: [],
      webhook_id: id,
    };
    messages.push({ webhookId: id, message });
    const headers = limitHeaders(id, remaining, 2);
    return req.query.get("wait") === "true"
      ? { status: 200, body: message, headers }
      : { status: 204, headers };
  });

  return {
    ...server,
    messages,
    deleteWebhook: (id) => void deleted.add(id),
    reset() {
      server.reset();
      messages.length = 0;
      hits.clear();
    },
  };
}
