// Slack through an incoming webhook (@slack/webhook): a channel kind (channels/kind.ts).
import { createHash } from "node:crypto";
import { defineChannelKind, str, urlHint } from "../kind.ts";
import { slackConfig } from "./config.ts";
import { renderAlertSlack, renderDigestSlack, type SlackMessage } from "./render.ts";

export type SlackDestination = { webhookUrl: string };

export const slack = defineChannelKind({
  kind: "slack",
  label: "channels.slack.slack",
  config: slackConfig,
  split: (c) => ({ shown: { hint: urlHint(c.webhookUrl) }, secret: { webhookUrl: c.webhookUrl } }),
  form: [
    {
      name: "webhookUrl",
      input: "url",
      secret: true,
      label: "channels.slack.slackIncomingWebhookUrl",
      placeholder: "https://hooks.slack.com/services/…",
      help: "channels.slack.help.storedEncryptedNeverShown",
    },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertSlack, digest: renderDigestSlack },
  destination(ch) {
    if (!ch.secret?.webhookUrl) return { ok: false, error: "the channel has no webhook URL" };
    const key = `slack:${createHash("sha256").update(ch.secret.webhookUrl).digest("hex").slice(0, 16)}`;
    return { ok: true, key, limits: [], destination: { webhookUrl: ch.secret.webhookUrl } };
  },
  async sender() {
    const { sendSlack } = await import("./client.ts");
    return (to: SlackDestination, m: SlackMessage, o) =>
      sendSlack(
        {
          webhookUrl: to.webhookUrl,
          timeoutMs: o.timeoutMs,
          allowInsecureUrl: o.allowInsecureUrls,
        },
        m,
      );
  },
});
