// Email through SendGrid: a channel kind (channels/kind.ts).
import { createHash } from "node:crypto";
import { defineChannelKind, str, type Resolved } from "../kind.ts";
import { emailConfig, type EmailSecret } from "./config.ts";
import { renderAlertEmail, renderDigestEmail, type RenderedEmail } from "./render.ts";

export type EmailDestination = {
  apiKey: string;
  recipients: string[];
  sender: { email: string; name?: string };
  replyTo?: { email: string; name?: string };
};

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

export const email = defineChannelKind({
  kind: "email",
  label: "channels.email.emailSendgrid",
  config: emailConfig,
  split: (c) => ({
    shown: {
      recipients: c.recipients,
      sender: c.sender,
      apiKeyHint: c.apiKey ? `SG.…${c.apiKey.slice(-4)}` : null,
    },
    secret: c.apiKey ? { apiKey: c.apiKey } : {},
  }),
  form: [
    {
      name: "recipients",
      input: "list",
      label: "channels.email.recipients",
      help: "channels.email.help.oneAddressPerLine",
    },
    { name: "sender.email", input: "email", label: "channels.email.replytoAddress" },
    {
      name: "sender.name",
      input: "text",
      label: "channels.email.senderName",
      initial: "Stockout radar",
    },
    {
      name: "apiKey",
      input: "text",
      secret: true,
      optional: true,
      label: "channels.email.yourOwnSendgridApi",
      placeholder: "SG.xxxx.yyyy",
    },
  ],
  summary: (shown) =>
    Array.isArray(shown.recipients)
      ? shown.recipients.filter((r) => typeof r === "string").join(", ")
      : "",
  render: { alert: renderAlertEmail, digest: renderDigestEmail },
  destination(ch, server): Resolved<EmailDestination> {
    const recipients = Array.isArray(ch.shown.recipients)
      ? ch.shown.recipients.filter((r): r is string => typeof r === "string")
      : [];
    const sender = (ch.shown.sender ?? {}) as { email: string; name?: string };
    if (recipients.length === 0 || !str(sender.email))
      return { ok: false, error: "the email channel has no recipients or sender" };
    const own = (ch.secret as EmailSecret | null)?.apiKey;
    if (own)
      return {
        ok: true,
        key: `email:${hash(own)}`,
        limits: [],
        destination: {
          apiKey: own,
          recipients,
          sender,
        },
      };
    if (!server.sendgridApiKey || !server.fromEmail)
      return { ok: false, error: "email is not configured on this server (no SendGrid key)" };
    // Our verified address sends; the merchant's address receives the replies.
    return {
      ok: true,
      key: `email:${hash(server.sendgridApiKey)}`,
      limits: [],
      destination: {
        apiKey: server.sendgridApiKey,
        recipients,
        sender: { email: server.fromEmail, name: sender.name || server.fromName },
        replyTo: sender,
      },
    };
  },
  async sender() {
    const { sendEmail } = await import("./sendgrid.ts");
    return (to: EmailDestination, m: RenderedEmail, o) =>
      sendEmail(
        { apiKey: to.apiKey, timeoutMs: o.timeoutMs, baseUrl: o.sendgridBaseUrl },
        {
          to: to.recipients,
          from: to.sender,
          replyTo: to.replyTo,
          subject: m.subject,
          html: m.html,
          text: m.text,
          categories: ["stockout-radar"],
        },
      );
  },
});
