// Twilio's Programmable Messaging through the official client (`twilio`): one Message create
// (POST /2010-04-01/Accounts/{AccountSid}/Messages.json) per send, for SMS and WhatsApp alike.
// Twilio accepts the message (201, status "queued") and delivers it on its own; the SID it returns
// is our provider id. Its client would retry 429s itself (autoRetry): it is off, the delivery
// layer owns retries. Errors are RestExceptions with Twilio's numeric code.
import twilio from "twilio";
import {
  assertTestOverrideAllowed,
  classifyStatus,
  DEFAULT_TIMEOUT_MS,
  networkFailure,
  parseRetryAfter,
  scrub,
  type SendOutcome,
} from "./outcome.ts";

export type TwilioOptions = {
  accountSid: string;
  authToken: string;
  timeoutMs?: number;
  apiBase?: string; // tests and demo only: a local fake of api.twilio.com
};

export type TwilioMessage = {
  to: string; // E.164, or whatsapp:+E.164
  from: string; // a Twilio number, whatsapp:+number, or a Messaging Service SID (MG…)
  body?: string;
  contentSid?: string; // an approved WhatsApp template (HX…)
  contentVariables?: Record<string, string>;
  smartEncoded?: boolean; // SMS: Twilio swaps typographic characters for GSM-7 ones
};

// Twilio error codes that mean this channel cannot work until the merchant changes something.
const GONE = new Set([
  20003, // authentication failed: wrong or revoked credentials
  20404, // the account (or resource) does not exist
  20005, // the account is suspended
  21211, // invalid "To" number
  21408, // no permission to send to that region
  21606, // the "From" number cannot send SMS
  21608, // trial accounts send only to verified numbers
  21610, // the recipient replied STOP
  21612, // cannot route from this "From" to this "To"
  21614, // "To" is not a mobile number
  21659, // "From" is not a Twilio number of this account
  63007, // no WhatsApp sender for this "From"
  63016, // outside WhatsApp's 24-hour window: an approved template is required
]);

// One pooled HTTP client for the process; each send gets a thin wrapper that can point it at a
// local fake and keeps the answer's headers (RestException drops Retry-After).
let pooled: InstanceType<typeof twilio.RequestClient> | undefined;

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>["request"]>[0];

export async function sendTwilio(o: TwilioOptions, m: TwilioMessage): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.authToken];
  if (o.apiBase) assertTestOverrideAllowed("Twilio API base override");
  pooled ??= new twilio.RequestClient({ keepAlive: true });
  const http = pooled;
  let retryAfter: string | undefined;
  const httpClient = {
    async request(opts: RequestOptions) {
      const uri = o.apiBase
        ? opts.uri.replace(/^https:\/\/[^/]+/, o.apiBase.replace(/\/$/, ""))
        : opts.uri;
      const res = await http.request({ ...opts, uri, timeout: timeoutMs });
      const h = res.headers as Record<string, unknown> | undefined;
      retryAfter = typeof h?.["retry-after"] === "string" ? h["retry-after"] : undefined;
      return res;
    },
  } as unknown as InstanceType<typeof twilio.RequestClient>;
  const client = twilio(o.accountSid, o.authToken, {
    httpClient,
    timeout: timeoutMs,
    autoRetry: false,
  });
  try {
    const sent = await client.messages.create({
      to: m.to,
      from: m.from,
      ...(m.body !== undefined ? { body: m.body } : {}),
      ...(m.contentSid ? { contentSid: m.contentSid } : {}),
      ...(m.contentVariables ? { contentVariables: JSON.stringify(m.contentVariables) } : {}),
      ...(m.smartEncoded ? { smartEncoded: true } : {}),
    });
    return { ok: true, status: 201, providerId: sent.sid, durationMs: Date.now() - started };
  } catch (err) {
    const e = err as { status?: number; code?: number; message?: string; moreInfo?: string };
    if (typeof e.status === "number" && e.status >= 400) {
      const gone = e.code !== undefined && GONE.has(e.code);
      const c = classifyStatus(e.status, {
        unhealthy: [401],
        retryAfterMs: parseRetryAfter(retryAfter),
      });
      return {
        ok: false,
        ...c,
        ...(gone ? { retryable: false, permanent: "unhealthy" as const } : {}),
        status: e.status,
        error: scrub(
          `Twilio ${e.status}${e.code ? ` (code ${e.code})` : ""}: ${e.message ?? ""}`,
          secrets,
        ),
        durationMs: Date.now() - started,
      };
    }
    return networkFailure(err, timeoutMs, started, secrets);
  }
}
