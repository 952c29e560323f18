// One entry point for the delivery layer: a channel's destination (secrets already decrypted)
// plus a rendered message → one attempt → a classified outcome.
import type { Rendered } from "../domain/messages/index.ts";
import { sendDiscord } from "./discord.ts";
import type { SendOutcome } from "./outcome.ts";
import { sendEmail } from "./sendgrid.ts";
import { sendSlack } from "./slack.ts";
import { sendWebhook } from "./webhook.ts";

export * from "./outcome.ts";
export { sendEmail, type EmailMessage, type SendGridOptions } from "./sendgrid.ts";
export { sendDiscord, parseDiscordWebhook, type DiscordOptions } from "./discord.ts";
export { sendSlack, type SlackOptions } from "./slack.ts";
export {
  sendWebhook,
  signWebhook,
  verifyWebhookSignature,
  generateSigningSecret,
  type WebhookOptions,
} from "./webhook.ts";

export type Destination =
  | {
      kind: "email";
      apiKey: string;
      recipients: string[];
      sender: { email: string; name?: string };
      replyTo?: { email: string; name?: string };
    }
  | { kind: "discord"; webhookUrl: string }
  | { kind: "slack"; webhookUrl: string }
  | { kind: "webhook"; url: string; signingSecret: string };

// Test and demo wiring to local fakes; every field is refused in production.
export type TransportOverrides = {
  timeoutMs?: number;
  sendgridBaseUrl?: string;
  discordApiBase?: string;
  allowInsecureUrls?: boolean;
};

export async function deliver(
  to: Destination,
  message: Rendered,
  o: TransportOverrides = {},
): Promise<SendOutcome> {
  const timeoutMs = o.timeoutMs;
  if (to.kind === "email" && message.kind === "email") {
    return sendEmail(
      { apiKey: to.apiKey, timeoutMs, baseUrl: o.sendgridBaseUrl },
      {
        to: to.recipients,
        from: to.sender,
        replyTo: to.replyTo,
        subject: message.email.subject,
        html: message.email.html,
        text: message.email.text,
        categories: ["stockout-radar"],
      },
    );
  }
  if (to.kind === "discord" && message.kind === "discord") {
    return sendDiscord(
      { webhookUrl: to.webhookUrl, timeoutMs, apiBase: o.discordApiBase },
      message.discord,
    );
  }
  if (to.kind === "slack" && message.kind === "slack") {
    return sendSlack(
      { webhookUrl: to.webhookUrl, timeoutMs, allowInsecureUrl: o.allowInsecureUrls },
      message.slack,
    );
  }
  if (to.kind === "webhook" && message.kind === "webhook") {
    return sendWebhook(
      {
        url: to.url,
        signingSecret: to.signingSecret,
        timeoutMs,
        allowInsecureUrl: o.allowInsecureUrls,
      },
      message.webhook,
    );
  }
  throw new Error(`a ${message.kind} message cannot go to a ${to.kind} channel`);
}
