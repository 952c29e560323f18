// Fake Slack incoming webhook: POST /services/T…/B…/…. Answers 200 "ok" (text/html, as Slack
// does); 400 invalid_payload / no_text / invalid_blocks; 404 no_service for unknown hooks;
// 410 channel_is_archived; 429 with Retry-After when scripted.
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeSlackOptions = StartOptions & {
  hooks?: string[]; // registered paths (e.g. "/services/T000/B000/XXXX"); default: any /services/…
};

export type FakeSlack = FakeServer & { archive(path: string): void; remove(path: string): void };

export function slackError(status: number, text: string): Answer {
  return { status, body: text, headers: { "content-type": "text/html" } };
}

export function slackRateLimit(retryAfterSeconds: number): Answer {
  return {
    ...slackError(429, "rate_limited"),
    headers: { "content-type": "text/html", "retry-after": String(retryAfterSeconds) },
  };
}

type Block = {
  type?: string;
  text?: { type?: string; text?: string };
  fields?: { text?: string }[];
  elements?: unknown[];
};

function invalidBlocks(blocks: Block[]): string | null {
  if (blocks.length > 50) return "invalid_blocks";
  for (const b of blocks) {
    if (b.type === "header" && (b.text?.type !== "plain_text" || (b.text.text?.length ?? 0) > 150))
      return "invalid_blocks";
    if (b.type === "section") {
      if (!b.text && !b.fields) return "invalid_blocks";
      if ((b.text?.text?.length ?? 0) > 3000) return "invalid_blocks";
      if ((b.fields?.length ?? 0) > 10 || b.fields?.some((f) => (f.text?.length ?? 0) > 2000))
        return "invalid_blocks";
    }
    if (b.type === "actions" && (!Array.isArray(b.elements) || b.elements.length > 25))
      return "invalid_blocks";
  }
  return null;
}

export async function startFakeSlack(o: FakeSlackOptions = {}): Promise<FakeSlack> {
  const known = o.hooks ? new Set(o.hooks) : null;
  const archived = new Set<string>();
  const removed = new Set<string>();
  const server = await startFakeServer(o, (req) => {
    if (req.method !== "POST" || !req.path.startsWith("/services/"))
      return slackError(404, "no_service");
    if (removed.has(req.path) || (known && !known.has(req.path)))
      return slackError(404, "no_service");
    if (archived.has(req.path)) return slackError(410, "channel_is_archived");
    const body = req.json as { text?: unknown; blocks?: Block[] } | undefined;
    if (!body || typeof body !== "object") return slackError(400, "invalid_payload");
    const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
    if (!hasBlocks && (typeof body.text !== "string" || body.text === ""))
      return slackError(400, "no_text");
    const bad = hasBlocks ? invalidBlocks(body.blocks!) : null;
    if (bad) return slackError(400, bad);
    return { status: 200, body: "ok", headers: { "content-type": "text/html" } };
  });
  return {
    ...server,
    archive: (p) => void archived.add(p),
    remove: (p) => void removed.add(p),
  };
}
