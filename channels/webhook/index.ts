// A signed HTTPS webhook (Zapier, n8n, Flow, an ERP): a channel kind (channels/kind.ts).
import { createHash } from "node:crypto";
import { defineChannelKind, str, urlHint } from "../kind.ts";
import { webhookConfig } from "./config.ts";
import { renderAlertWebhook, renderDigestWebhook, type WebhookPayload } from "./render.ts";

export type WebhookDestination = { url: string; signingSecret: string };

export const webhook = defineChannelKind({
  kind: "webhook",
  label: "channels.webhook.webhookZapierN8nFlow",
  config: webhookConfig,
  split: (c) => ({
    shown: { hint: urlHint(c.url) },
    secret: { url: c.url, signingSecret: c.signingSecret },
  }),
  form: [
    {
      name: "url",
      input: "url",
      secret: true,
      label: "channels.webhook.endpointUrl",
      placeholder: "https://…",
    },
    {
      name: "signingSecret",
      input: "text",
      secret: true,
      label: "channels.webhook.signingSecret",
      placeholder: "channels.webhook.atLeast16Characters",
      help: "channels.webhook.help.requestsCarryXradarsignatureSha256hmacsecret",
    },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertWebhook, digest: renderDigestWebhook },
  destination(ch) {
    if (!ch.secret?.url) return { ok: false, error: "the channel has no URL" };
    const key = `webhook:${createHash("sha256").update(ch.secret.url).digest("hex").slice(0, 16)}`;
    return { ok: true, key, limits: [], destination: ch.secret };
  },
  async sender() {
    const { sendWebhook } = await import("./client.ts");
    return (to: WebhookDestination, m: WebhookPayload, o) =>
      sendWebhook({ ...to, timeoutMs: o.timeoutMs, allowInsecureUrl: o.allowInsecureUrls }, m);
  },
});
