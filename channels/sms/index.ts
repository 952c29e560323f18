// SMS through Twilio: a channel kind (channels/kind.ts).
import { z } from "zod";
import { defineChannelKind, str } from "../kind.ts";
import {
  maskPhone,
  senderOrService,
  twilioFields,
  twilioFormFields,
  type TwilioSecret,
} from "../twilio-settings.ts";
import { renderAlertSms, renderDigestSms, type SmsMessage } from "./render.ts";

export type SmsDestination = { accountSid: string; authToken: string; from: string; to: string };

// A US/Canada long code sends about one message per second; Twilio queues the rest, but pacing
// here keeps a burst of alerts from waiting in Twilio's queue behind each other unseen.
const PER_SENDER = { limit: 1, windowMs: 1_000 };

export const smsConfig = z.object({ ...twilioFields, from: senderOrService });

export const sms = defineChannelKind({
  kind: "sms",
  label: "channels.sms.smsTwilio",
  config: smsConfig,
  split: (c) => ({
    shown: { accountSid: c.accountSid, from: c.from, to: c.to, hint: `to ${maskPhone(c.to)}` },
    secret: { authToken: c.authToken } as TwilioSecret,
  }),
  form: [
    ...twilioFormFields,
    {
      name: "from",
      input: "text",
      label: "channels.sms.sendFrom",
      placeholder: "channels.sms.15005550006OrMg",
    },
    { name: "to", input: "tel", label: "channels.sms.recipient", placeholder: "+5215512345678" },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertSms, digest: renderDigestSms },
  destination(ch) {
    const [accountSid, from, to] = [str(ch.shown.accountSid), str(ch.shown.from), str(ch.shown.to)];
    if (!ch.secret?.authToken || !accountSid || !from || !to)
      return {
        ok: false,
        error: "the SMS channel is missing its Twilio account, sender or recipient",
      };
    const key = `sms:${accountSid}:${to}`;
    return {
      ok: true,
      key,
      limits: [{ key: `twilio:${accountSid}:${from}`, window: PER_SENDER }],
      destination: { accountSid, authToken: ch.secret.authToken, from, to },
    };
  },
  async sender() {
    const { sendTwilio } = await import("../twilio.ts");
    return (to: SmsDestination, m: SmsMessage, o) =>
      sendTwilio(
        {
          accountSid: to.accountSid,
          authToken: to.authToken,
          timeoutMs: o.timeoutMs,
          apiBase: o.twilioApiBase,
        },
        { to: to.to, from: to.from, body: m.body, smartEncoded: true },
      );
  },
});
