// Fake SendGrid v3 mail send: POST /v3/mail/send. 202 with an empty body and X-Message-Id;
// errors as {"errors":[{"message","field"}]} with 400/401/403/413 — the documented shapes.
// Validates the Bearer key and the payload the way the real API does for the fields we use.
import { randomBytes } from "node:crypto";
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeSendGridOptions = StartOptions & {
  apiKeys?: string[]; // accepted keys; default: any key starting with "SG."
  forbiddenKeys?: string[]; // valid keys without the mail.send scope → 403
  maxBytes?: number; // default 30 MB, SendGrid's limit
};

export type FakeSendGrid = FakeServer;

export function sendgridError(
  status: number,
  message: string,
  field: string | null = null,
): Answer {
  return { status, body: { errors: [{ message, field, help: null }] } };
}

export function sendgridRateLimit(resetInSeconds: number): Answer {
  return {
    ...sendgridError(429, "too many requests"),
    headers: {
      "x-ratelimit-limit": "600",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000 + resetInSeconds)),
    },
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Address = { email?: unknown; name?: unknown };

function validate(body: unknown): { field: string | null; message: string } | null {
  if (typeof body !== "object" || body === null) return { field: null, message: "Bad Request" };
  const b = body as {
    personalizations?: { to?: Address[]; subject?: unknown }[];
    from?: Address;
    subject?: unknown;
    content?: { type?: unknown; value?: unknown }[];
  };
  if (!Array.isArray(b.personalizations) || b.personalizations.length === 0)
    return {
      field: "personalizations",
      message: "The personalizations field is required and must have at least one personalization.",
    };
  if (b.personalizations.length > 1000)
    return {
      field: "personalizations",
      message: "The personalizations field is limited to 1000 personalizations.",
    };
  for (const [i, p] of b.personalizations.entries()) {
    if (!Array.isArray(p.to) || p.to.length === 0)
      return {
        field: `personalizations.${i}.to`,
        message:
          "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
      };
    for (const [j, a] of p.to.entries())
      if (typeof a.email !== "string" || !EMAIL.test(a.email))
        return {
          field: `personalizations.${i}.to.${j}.email`,
          message: "Does not contain a valid address.",
        };
  }
  if (!b.from || typeof b.from.email !== "string" || !EMAIL.test(b.from.email))
    return { field: "from.email", message: "The from email does not contain a valid address." };
  const everySubject = b.personalizations.every((p) => typeof p.subject === "string" && p.subject);
  if (!everySubject && (typeof b.subject !== "string" || b.subject === ""))
    return {
      field: "subject",
      message:
        "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
    };
  if (!Array.isArray(b.content) || b.content.length === 0)
    return {
      field: "content",
      message: "Unless a valid template_id is provided, the content parameter is required.",
    };
  for (const [i, c] of b.content.entries()) {
    if (typeof c.type !== "string" || typeof c.value !== "string" || c.value === "")
      return {
        field: `content.${i}`,
        message: "The content value must be a string at least one character in length.",
      };
  }
  const plain = b.content.findIndex((c) => c.type === "text/plain");
  if (plain > 0)
    return { field: "content.0.type", message: "The text/plain content type must be first." };
  return null;
}

export function startFakeSendGrid(o: FakeSendGridOptions = {}): Promise<FakeSendGrid> {
  const maxBytes = o.maxBytes ?? 30 * 1024 * 1024;
  return startFakeServer(o, (req) => {
    if (req.method !== "POST" || req.path !== "/v3/mail/send")
      return sendgridError(404, "Not found");
    const auth = String(req.headers.authorization ?? "");
    const key = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const known = o.apiKeys ? o.apiKeys.includes(key) : key.startsWith("SG.");
    if (!known)
      return sendgridError(401, "The provided authorization grant is invalid, expired, or revoked");
    if (o.forbiddenKeys?.includes(key)) return sendgridError(403, "access forbidden");
    if (Buffer.byteLength(req.raw) > maxBytes) return sendgridError(413, "Payload Too Large");
    if (req.json === undefined) return sendgridError(400, "Bad Request");
    const problem = validate(req.json);
    if (problem) return sendgridError(400, problem.message, problem.field);
    return { status: 202, headers: { "x-message-id": randomBytes(11).toString("base64url") } };
  });
}
