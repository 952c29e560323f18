// Settings shared by the kinds that go through Twilio (SMS, WhatsApp): the account SID (shown),
// its auth token (sealed), the sending number or Messaging Service, and one recipient. One
// recipient per channel keeps a send one request, so a retry can never repeat it to someone else.
import { z } from "zod";

export const E164_RE = /^\+[1-9]\d{6,14}$/;
const ACCOUNT_SID_RE = /^AC[0-9a-fA-F]{32}$/;
const AUTH_TOKEN_RE = /^[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_RE = /^MG[0-9a-fA-F]{32}$/;

const phone = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .transform((v) => v.replace(/[\s().-]/g, ""))
    .pipe(
      z
        .string()
        .regex(E164_RE, { error: `${label} must be in international format, like +5215512345678` }),
    );

export const twilioFields = {
  accountSid: z
    .string({ error: "Account SID is required" })
    .trim()
    .regex(ACCOUNT_SID_RE, { error: "Account SIDs look like AC followed by 32 characters" }),
  authToken: z.string({ error: "Auth token is required" }).trim().regex(AUTH_TOKEN_RE, {
    error: "Auth tokens are 32 characters (Twilio console → Account info)",
  }),
  to: phone("Recipient"),
};

export const senderNumber = phone("Sender number");
export const senderOrService = z
  .string({ error: "Sender is required" })
  .trim()
  .refine((v) => MESSAGING_SERVICE_RE.test(v) || E164_RE.test(v.replace(/[\s().-]/g, "")), {
    error: "Enter your Twilio number (+1…) or a Messaging Service SID (MG…)",
  })
  .transform((v) => (MESSAGING_SERVICE_RE.test(v) ? v : v.replace(/[\s().-]/g, "")));

export type TwilioSecret = { authToken: string };

// The last digits are enough for a merchant to recognise a number.
export const maskPhone = (p: string) => (p.length > 6 ? `${p.slice(0, 3)}…${p.slice(-4)}` : p);

export const twilioFormFields = [
  { name: "accountSid", input: "text", label: "Twilio account SID", placeholder: "AC…" },
  {
    name: "authToken",
    input: "text",
    secret: true,
    label: "Twilio auth token",
    help: "Twilio console → Account info. Stored encrypted.",
  },
] as const;
