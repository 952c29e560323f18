// From a stored channel to a destination the channel modules can send to. The secret is
// decrypted here, in memory, for one send; it is never logged, queued or written anywhere else.
import { createHash } from "node:crypto";
import type { Destination, TransportOverrides } from "../../channels/index.ts";
import { parseDiscordWebhook } from "../../channels/discord.ts";
import type { SecretBox } from "../../infra/crypto.ts";
import type { ChannelKind, ChannelSecret } from "../../domain/settings.ts";

export type ChannelRow = {
  id: number;
  shop_id: number;
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  secret_enc: string | null;
  mode: "instant" | "digest_daily" | "digest_weekly";
  enabled: boolean;
  healthy: boolean;
  fallback_channel_id: number | null;
};

export const CHANNEL_COLUMNS = `id, shop_id, kind, name, config, secret_enc, mode, enabled, healthy, fallback_channel_id`;

export type SenderConfig = {
  box: SecretBox;
  // The app's own SendGrid key and verified sender, for shops without a key of their own.
  sendgridApiKey?: string;
  fromEmail?: string;
  fromName: string;
  transport: TransportOverrides;
};

export type Resolved =
  { ok: true; destination: Destination; key: string } | { ok: false; error: string };

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

export function resolveDestination(ch: ChannelRow, cfg: SenderConfig): Resolved {
  let secret: ChannelSecret | null = null;
  if (ch.secret_enc) {
    try {
      secret = JSON.parse(cfg.box.open(ch.secret_enc)) as ChannelSecret;
    } catch {
      // Wrong ENCRYPTION_KEY or a corrupted row: say so without echoing anything of it.
      return { ok: false, error: "the channel's stored secret cannot be decrypted" };
    }
  }
  switch (ch.kind) {
    case "email": {
      const config = ch.config as {
        recipients?: string[];
        sender?: { email: string; name?: string };
      };
      const recipients = config.recipients ?? [];
      if (recipients.length === 0 || !config.sender?.email)
        return { ok: false, error: "the email channel has no recipients or sender" };
      const own = secret?.kind === "email" ? secret.apiKey : undefined;
      if (own) {
        return {
          ok: true,
          key: `email:${hash(own)}`,
          destination: { kind: "email", apiKey: own, recipients, sender: config.sender },
        };
      }
      if (!cfg.sendgridApiKey || !cfg.fromEmail)
        return { ok: false, error: "email is not configured on this server (no SendGrid key)" };
      // Our verified address sends; the merchant's address receives the replies.
      return {
        ok: true,
        key: `email:${hash(cfg.sendgridApiKey)}`,
        destination: {
          kind: "email",
          apiKey: cfg.sendgridApiKey,
          recipients,
          sender: { email: cfg.fromEmail, name: config.sender.name || cfg.fromName },
          replyTo: config.sender,
        },
      };
    }
    case "discord": {
      if (secret?.kind !== "discord") return { ok: false, error: "the channel has no webhook URL" };
      const parsed = parseDiscordWebhook(secret.webhookUrl);
      return {
        ok: true,
        key: parsed ? `discord:${parsed.id}` : `discord:${hash(secret.webhookUrl)}`,
        destination: { kind: "discord", webhookUrl: secret.webhookUrl },
      };
    }
    case "slack":
      if (secret?.kind !== "slack") return { ok: false, error: "the channel has no webhook URL" };
      return {
        ok: true,
        key: `slack:${hash(secret.webhookUrl)}`,
        destination: { kind: "slack", webhookUrl: secret.webhookUrl },
      };
    case "webhook":
      if (secret?.kind !== "webhook") return { ok: false, error: "the channel has no URL" };
      return {
        ok: true,
        key: `webhook:${hash(secret.url)}`,
        destination: { kind: "webhook", url: secret.url, signingSecret: secret.signingSecret },
      };
  }
}
