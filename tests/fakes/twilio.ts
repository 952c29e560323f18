// Fake Twilio Programmable Messaging: POST /2010-04-01/Accounts/{AccountSid}/Messages.json with
// HTTP Basic auth (AccountSid:AuthToken) and a form-encoded body (To, From, Body or ContentSid +
// ContentVariables, SmartEncoded). Answers 201 with the Message resource (status "queued"), or
// Twilio's error JSON {code, message, more_info, status}: 401/20003 for wrong or rotated
// credentials, 404/20404 for another account, 400/21211 invalid To, 400/21617 body over 1,600
// characters, 400/21619 no body, 400/21610 a recipient that replied STOP. Scripted answers cover
// 429/20429 and 5xx. (WhatsApp's 24-hour-window failures, 63016, arrive later in Twilio's status
// callbacks, not in this answer.)
import { randomBytes } from "node:crypto";
import { startFakeServer, type Answer, type FakeServer, type StartOptions } from "./harness.ts";

export type FakeTwilioOptions = StartOptions & { accounts: { sid: string; token: string }[] };

export type SentTwilio = { accountSid: string; sid: string; params: Record<string, string> };

export type FakeTwilio = FakeServer & {
  messages: SentTwilio[];
  rotate(sid: string, newToken: string): void;
  stop(number: string): void; // the recipient replied STOP
};

export const twilioError = (
  status: number,
  code: number,
  message: string,
  headers?: Record<string, string>,
): Answer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  ...(headers ? { headers } : {}),
});

export const twilioRateLimit = (retryAfterSeconds?: number): Answer =>
  twilioError(
    429,
    20429,
    "Too Many Requests",
    retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : undefined,
  );

const E164 = /^(whatsapp:)?\+[1-9]\d{6,14}$/;

export async function startFakeTwilio(o: FakeTwilioOptions): Promise<FakeTwilio> {
  const tokens = new Map(o.accounts.map((a) => [a.sid, a.token]));
  const stopped = new Set<string>();
  const messages: SentTwilio[] = [];
  const server = await startFakeServer(o, (req) => {
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
    if (!m) return twilioError(404, 20404, "The requested resource was not found");
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const [user, pass] = auth ? Buffer.from(auth, "base64").toString().split(":") : [];
    if (!user || tokens.get(user) !== pass) return twilioError(401, 20003, "Authenticate");
    if (user !== m[1])
      return twilioError(
        404,
        20404,
        `The requested resource /2010-04-01/Accounts/${m[1]}/Messages.json was not found`,
      );
    if (req.method !== "POST") return twilioError(405, 20004, "Method not allowed");
    const p = Object.fromEntries(new URLSearchParams(req.raw));
    if (!p.To || !E164.test(p.To))
      return twilioError(400, 21211, `Invalid 'To' Phone Number: ${p.To ?? ""}`);
    if (!p.From) return twilioError(400, 21603, "The 'From' phone number is required.");
    if (!p.Body && !p.ContentSid)
      return twilioError(400, 21619, "A text message body or media urls must be specified.");
    if ((p.Body ?? "").length > 1600)
      return twilioError(
        400,
        21617,
        "The concatenated message body exceeds the 1600 character limit.",
      );
    if (stopped.has(p.To.replace(/^whatsapp:/, "")))
      return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");
    if (p.ContentVariables) {
      try {
        JSON.parse(p.ContentVariables);
      } catch {
        return twilioError(400, 21656, "The ContentVariables Parameter is invalid.");
      }
    }
    const sid = `SM${randomBytes(16).toString("hex")}`;
    messages.push({ accountSid: user, sid, params: p });
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: {
        sid,
        account_sid: user,
        to: p.To,
        from: p.From,
        body: p.Body ?? "",
        status: "queued",
        direction: "outbound-api",
        num_segments: "1",
        num_media: "0",
        api_version: "2010-04-01",
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        price: null,
        price_unit: "USD",
        messaging_service_sid: p.From.startsWith("MG") ? p.From : null,
        uri: `/2010-04-01/Accounts/${user}/Messages/${sid}.json`,
        subresource_uris: { media: `/2010-04-01/Accounts/${user}/Messages/${sid}/Media.json` },
      },
    };
  });
  return {
    ...server,
    messages,
    rotate: (sid, token) => void tokens.set(sid, token),
    stop: (n) => void stopped.add(n),
    reset() {
      server.reset();
      messages.length = 0;
    },
  };
}
