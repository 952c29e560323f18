// Message rendering for every channel: pure functions from an AlertView (or DigestView) to the
// exact payload a channel sends.
import type { ChannelKind } from "../settings.ts";
import {
  renderDigestDiscord,
  renderDigestEmail,
  renderDigestSlack,
  renderDigestWebhook,
  type DigestView,
} from "./digest.ts";
import { renderAlertDiscord, type DiscordMessage } from "./discord.ts";
import { renderAlertEmail, type RenderedEmail } from "./email.ts";
import { sampleAlertView } from "./sample.ts";
import { renderAlertSlack, type SlackMessage } from "./slack.ts";
import type { AlertView, ShopView } from "./view.ts";
import { renderAlertWebhook, type WebhookPayload } from "./webhook.ts";

export * from "./view.ts";
export * from "./copy.ts";
export * from "./format.ts";
export * from "./escape.ts";
export * from "./email.ts";
export * from "./discord.ts";
export * from "./slack.ts";
export * from "./webhook.ts";
export * from "./digest.ts";
export { sampleAlertView };

export type Rendered =
  | { kind: "email"; email: RenderedEmail }
  | { kind: "discord"; discord: DiscordMessage }
  | { kind: "slack"; slack: SlackMessage }
  | { kind: "webhook"; webhook: WebhookPayload };

export function renderAlert(kind: ChannelKind, v: AlertView): Rendered {
  switch (kind) {
    case "email":
      return { kind, email: renderAlertEmail(v) };
    case "discord":
      return { kind, discord: renderAlertDiscord(v) };
    case "slack":
      return { kind, slack: renderAlertSlack(v) };
    case "webhook":
      return { kind, webhook: renderAlertWebhook(v) };
  }
}

export function renderDigest(kind: ChannelKind, d: DigestView): Rendered {
  switch (kind) {
    case "email":
      return { kind, email: renderDigestEmail(d) };
    case "discord":
      return { kind, discord: renderDigestDiscord(d) };
    case "slack":
      return { kind, slack: renderDigestSlack(d) };
    case "webhook":
      return { kind, webhook: renderDigestWebhook(d) };
  }
}

// "Send test alert": sample data, clearly marked, through the same renderer as real alerts.
export function renderTestAlert(
  kind: ChannelKind,
  shop: ShopView,
  at: Date,
  asOf: string,
): Rendered {
  return renderAlert(kind, sampleAlertView(shop, at, asOf));
}
