// Microsoft Teams through a Workflows webhook: POST of the message JSON to the workflow's trigger
// URL (Power Automate / Logic Apps). The trigger answers 202 Accepted (200 from some templates)
// and queues the post; errors come as {"error": {"code", "message"}} — 400 when the body does not
// fit the trigger, 401/403 when the signature in the URL is wrong, 404 when the workflow was
// deleted, 409 when it is turned off, 429 with Retry-After when throttled. The URL's signature is
// the secret: it is scrubbed from every error, and redirects are not followed.
import { request } from "undici";
import { headerOf, readSome } from "../http.ts";
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
import { TEAMS_WORKFLOW_RE } from "./config.ts";
import type { TeamsMessage } from "./render.ts";

export type TeamsOptions = {
  webhookUrl: string;
  timeoutMs?: number;
  allowInsecureUrl?: boolean; // tests and demo only: a local fake
};

const UNHEALTHY = [401, 403, 404, 409, 410];

export async function sendTeams(o: TeamsOptions, m: TeamsMessage): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.webhookUrl, URL.canParse(o.webhookUrl) ? new URL(o.webhookUrl).search : ""];
  if (o.allowInsecureUrl) assertTestOverrideAllowed("Teams insecure URL");
  const valid = o.allowInsecureUrl
    ? /^https?:\/\//.test(o.webhookUrl) && URL.canParse(o.webhookUrl)
    : TEAMS_WORKFLOW_RE.test(o.webhookUrl);
  if (!valid) return refused("not a Teams workflow URL");
  try {
    const res = await request(o.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(m),
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const status = res.statusCode;
    const durationMs = () => Date.now() - started;
    if (status >= 200 && status < 300) {
      await res.body.dump();
      const run = headerOf(res.headers["x-ms-workflow-run-id"]);
      return { ok: true, status, durationMs: durationMs(), ...(run ? { providerId: run } : {}) };
    }
    const text = await readSome(res.body);
    if (status >= 300 && status < 400)
      return {
        ok: false,
        retryable: false,
        status,
        error: `Teams answered ${status}: redirects are not followed`,
        durationMs: durationMs(),
      };
    let reason = text.replace(/\s+/g, " ").trim().slice(0, 200);
    try {
      const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      if (e?.code) reason = `${e.code}${e.message ? `: ${e.message.slice(0, 200)}` : ""}`;
    } catch {
      // not JSON: the text itself is the reason
    }
    return {
      ok: false,
      ...classifyStatus(status, {
        unhealthy: UNHEALTHY,
        retryAfterMs: parseRetryAfter(headerOf(res.headers["retry-after"])),
      }),
      status,
      error: scrub(`Teams ${status}${reason ? `: ${reason}` : ""}`, secrets),
      durationMs: durationMs(),
    };
  } catch (err) {
    return networkFailure(err, timeoutMs, started, secrets);
  }
}
