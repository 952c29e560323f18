// Email through SendGrid's v3 mail send, with the official @sendgrid/mail client.
// A fresh client per send: shops may bring their own API keys, and the library's default export
// is a process-wide singleton whose key and base URL would leak between concurrent sends.
import { Client } from "@sendgrid/client";
import { MailService } from "@sendgrid/mail";
import {
  assertTestOverrideAllowed,
  classifyStatus,
  DEFAULT_TIMEOUT_MS,
  networkFailure,
  parseRetryAfter,
  scrub,
  timedOut,
  type SendOutcome,
} from "../outcome.ts";

export type EmailMessage = {
  to: string[]; // each recipient gets their own copy: they never see each other's addresses
  from: { email: string; name?: string };
  replyTo?: { email: string; name?: string };
  subject: string;
  html: string;
  text: string;
  categories?: string[];
  customArgs?: Record<string, string>; // echoed back by SendGrid's event webhook
};

export type SendGridOptions = {
  apiKey: string;
  timeoutMs?: number;
  baseUrl?: string; // tests and demo only: a local fake of api.sendgrid.com
};

type SendGridError = Error & {
  code?: number | string;
  response?: { headers?: Record<string, string>; body?: unknown };
};

export async function sendEmail(o: SendGridOptions, m: EmailMessage): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [o.apiKey];

  const client = new Client();
  client.setApiKey(o.apiKey); // resets the base URL, so the override comes after it
  if (o.baseUrl) {
    assertTestOverrideAllowed("SendGrid base URL override");
    client.setDefaultRequest("baseUrl", o.baseUrl);
  }
  // axios (under the client) never retries; its timeout and an abort signal bound the attempt.
  // Both are axios options the client passes through but its typings do not list.
  const setAxiosDefault = client.setDefaultRequest.bind(client) as (k: string, v: unknown) => void;
  setAxiosDefault("timeout", timeoutMs);
  const deadline = AbortSignal.timeout(timeoutMs);
  setAxiosDefault("signal", deadline);
  const mail = new MailService();
  mail.setClient(client);

  try {
    const [res] = await mail.send({
      to: m.to,
      from: m.from,
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      subject: m.subject,
      text: m.text,
      html: m.html,
      ...(m.categories ? { categories: m.categories } : {}),
      ...(m.customArgs ? { customArgs: m.customArgs } : {}),
      isMultiple: true,
    });
    const id = header(res.headers as Record<string, unknown>, "x-message-id");
    return {
      ok: true,
      status: res.statusCode,
      durationMs: Date.now() - started,
      ...(id ? { providerId: id } : {}),
    };
  } catch (err) {
    const e = err as SendGridError;
    if (typeof e.code === "number" && e.response) {
      return classify(e.code, e.response, secrets, Date.now() - started);
    }
    // axios reports its own abort as ERR_CANCELED: that is our deadline passing.
    if (deadline.aborted) return timedOut(timeoutMs, started);
    return networkFailure(err, timeoutMs, started, secrets);
  }
}

function classify(
  status: number,
  response: NonNullable<SendGridError["response"]>,
  secrets: string[],
  durationMs: number,
): SendOutcome {
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  // SendGrid documents X-RateLimit-Reset (epoch seconds) on 429; honour Retry-After if present.
  const reset = Number(header(headers, "x-ratelimit-reset"));
  const retryAfterMs =
    parseRetryAfter(header(headers, "retry-after")) ??
    (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined);
  // 401: the key is wrong or revoked; 403: the key lacks mail.send or the sender is not verified.
  const c = classifyStatus(status, { unhealthy: [401, 403], retryAfterMs });
  const messages = errorMessages(response.body);
  return {
    ok: false,
    ...c,
    status,
    error: scrub(`SendGrid ${status}${messages ? `: ${messages}` : ""}`, secrets),
    durationMs,
  };
}

function errorMessages(body: unknown): string {
  const errors = (body as { errors?: { message?: string; field?: string | null }[] } | null)
    ?.errors;
  if (!Array.isArray(errors)) return "";
  return errors
    .slice(0, 3)
    .map((e) => (e.field ? `${e.field}: ${e.message ?? ""}` : (e.message ?? "")))
    .join("; ");
}

function header(h: Record<string, unknown>, name: string): string | undefined {
  const v = h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return v === undefined || v === null ? undefined : String(v);
}
