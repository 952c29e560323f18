// From a stored channel to a destination its kind's module can send to. The secret is decrypted
// here, in memory, for one send; it is never logged, queued or written anywhere else.
import {
  channelModule,
  isChannelKind,
  type ChannelKind,
  type Destination,
  type Limit,
  type ServerChannelSettings,
  type TransportOverrides,
} from "../../channels/index.ts";
import type { SecretBox } from "../../infra/crypto.ts";

export type ChannelRow = {
  id: number;
  shop_id: number;
  kind: ChannelKind;
  name: string;
  language: string | null;
  config: Record<string, unknown>;
  secret_enc: string | null;
  mode: "instant" | "digest_daily" | "digest_weekly";
  enabled: boolean;
  healthy: boolean;
  fallback_channel_id: number | null;
};

export const CHANNEL_COLUMNS = `id, shop_id, kind, name, language, config, secret_enc, mode, enabled, healthy, fallback_channel_id`;

export type SenderConfig = ServerChannelSettings & {
  box: SecretBox;
  transport: TransportOverrides;
};

// `key` names the destination for breakers and pacing (never a secret); `limits`: the pacing
// windows a send to it must fit in.
export type Resolved =
  | { ok: true; destination: Destination; key: string; limits: Limit[] }
  | { ok: false; error: string };

export function resolveDestination(ch: ChannelRow, cfg: SenderConfig): Resolved {
  if (!isChannelKind(ch.kind)) return { ok: false, error: `unknown channel kind ${ch.kind}` };
  let secret: Record<string, unknown> | null = null;
  if (ch.secret_enc) {
    try {
      secret = JSON.parse(cfg.box.open(ch.secret_enc)) as Record<string, unknown>;
    } catch {
      // Wrong ENCRYPTION_KEY or a corrupted row: say so without echoing anything of it.
      return { ok: false, error: "the channel's stored secret cannot be decrypted" };
    }
    // A secret sealed for another kind is no secret of this channel's.
    if (secret.kind !== ch.kind) secret = null;
  }
  const r = channelModule(ch.kind).destination(
    { id: ch.id, shopId: ch.shop_id, shown: ch.config ?? {}, secret },
    cfg,
  );
  if (!r.ok) return r;
  return {
    ok: true,
    key: r.key,
    limits: r.limits,
    destination: { kind: ch.kind, ...(r.destination as object) } as Destination,
  };
}
