// Settings shared by the kinds that go through Twilio (SMS, WhatsApp): the account SID (shown),
// its auth token (sealed), the sending number or Messaging Service, and one recipient. One
// recipient per channel keeps a send one request, so a retry can never repeat it to someone else.
import { z } from "zod";
import { errorKey } from "../i18n/index.ts";

export const E164_RE = /^\+[1-9]\d{6,14}$/;
const ACCOUNT_SID_RE = /^AC[0-9a-fA-F]{32}$/;
const AUTH_TOKEN_RE = /^[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_RE = /^MG[0-9a-fA-F]{32}$/;

const phone = (label: string) =>
  z
    .string({ error: errorKey("errors.required", { label: `@${label}` }) })
    .trim()
    .transform((v) => v.replace(/[\s().-]/g, ""))
    .pipe(
      z
        .string()
        .regex(E164_RE, { error: errorKey("errors.channel.phone", { label: `@${label}` }) }),
    );

export const twilioFields = {
  accountSid: z
    .string({ error: errorKey("errors.channel.accountSidRequired") })
    .trim()
    .regex(ACCOUNT_SID_RE, { error: errorKey("errors.channel.accountSid") }),
  authToken: z
    .string({ error: errorKey("errors.channel.authTokenRequired") })
    .trim()
    .regex(AUTH_TOKEN_RE, {
      error: errorKey("errors.channel.authToken"),
    }),
  to: phone("fields.recipient"),
};

export const senderNumber = phone("fields.senderNumber");
export const senderOrService = z
  .string({ error: errorKey("errors.channel.senderRequired") })
  .trim()
  .refine((v) => MESSAGING_SERVICE_RE.test(v) || E164_RE.test(v.replace(/[\s().-]/g, "")), {
    error: errorKey("errors.channel.sender"),
  })
  .transform((v) => (MESSAGING_SERVICE_RE.test(v) ? v : v.replace(/[\s().-]/g, "")));

export type TwilioSecret = { authToken: string };

// The last digits are enough for a merchant to recognise a number.
export const maskPhone = (p: string) => (p.length > 6 ? `${p.slice(0, 3)}…${p.slice(-4)}` : p);

export const twilioFormFields = [
  {
    name: "accountSid",
    input: "text",
    label: "channels.twilio.twilioAccountSid",
    placeholder: "AC…",
  },
  {
    name: "authToken",
    input: "text",
    secret: true,
    label: "channels.twilio.twilioAuthToken",
    help: "channels.twilio.help.twilioConsoleAccountInfo",
  },
] as const;
