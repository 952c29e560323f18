// WhatsApp through Twilio: a channel kind (channels/kind.ts).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { blankToUndefined } from "../../domain/settings.ts";
import { defineChannelKind, str } from "../kind.ts";
import {
  maskPhone,
  senderNumber,
  twilioFields,
  twilioFormFields,
  type TwilioSecret,
} from "../twilio-settings.ts";
import { renderAlertWhatsApp, renderDigestWhatsApp, type WhatsAppMessage } from "./render.ts";

export type WhatsAppDestination = {
  accountSid: string;
  authToken: string;
  from: string;
  to: string;
  contentSid?: string;
};

// WhatsApp Business senders start at 80 messages/s through Twilio; one chat at a time is plenty.
const PER_RECIPIENT = { limit: 1, windowMs: 1_000 };

export const whatsappConfig = z.object({
  ...twilioFields,
  from: senderNumber,
  // An approved template (Content SID) for messages outside WhatsApp's 24-hour window.
  contentSid: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^HX[0-9a-fA-F]{32}$/, {
          error: errorKey("errors.channel.templateSid"),
        })
        .optional(),
    )
    .optional(),
});

export const whatsapp = defineChannelKind({
  kind: "whatsapp",
  label: "channels.whatsapp.whatsappTwilio",
  config: whatsappConfig,
  split: (c) => ({
    shown: {
      accountSid: c.accountSid,
      from: c.from,
      to: c.to,
      contentSid: c.contentSid ?? null,
      hint: `to ${maskPhone(c.to)}`,
    },
    secret: { authToken: c.authToken } as TwilioSecret,
  }),
  form: [
    ...twilioFormFields,
    {
      name: "from",
      input: "tel",
      label: "channels.whatsapp.whatsappSender",
      placeholder: "+14155238886",
    },
    {
      name: "to",
      input: "tel",
      label: "channels.whatsapp.recipient",
      placeholder: "+5215512345678",
    },
    {
      name: "contentSid",
      input: "text",
      optional: true,
      label: "channels.whatsapp.approvedTemplateOptional",
      placeholder: "HX…",
      help: "channels.whatsapp.help.whatsappOnlyDeliversFree",
    },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertWhatsApp, digest: renderDigestWhatsApp },
  destination(ch) {
    const [accountSid, from, to] = [str(ch.shown.accountSid), str(ch.shown.from), str(ch.shown.to)];
    if (!ch.secret?.authToken || !accountSid || !from || !to)
      return {
        ok: false,
        error: "the WhatsApp channel is missing its Twilio account, sender or recipient",
      };
    const key = `whatsapp:${accountSid}:${to}`;
    const contentSid = str(ch.shown.contentSid);
    return {
      ok: true,
      key,
      limits: [{ key, window: PER_RECIPIENT }],
      destination: {
        accountSid,
        authToken: ch.secret.authToken,
        from,
        to,
        ...(contentSid ? { contentSid } : {}),
      },
    };
  },
  async sender() {
    const { sendTwilio } = await import("../twilio.ts");
    return (to: WhatsAppDestination, m: WhatsAppMessage, o) =>
      sendTwilio(
        {
          accountSid: to.accountSid,
          authToken: to.authToken,
          timeoutMs: o.timeoutMs,
          apiBase: o.twilioApiBase,
        },
        {
          to: `whatsapp:${to.to}`,
          from: `whatsapp:${to.from}`,
          ...(to.contentSid
            ? { contentSid: to.contentSid, contentVariables: m.variables }
            : { body: m.body }),
        },
      );
  },
});
