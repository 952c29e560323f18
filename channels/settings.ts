// A notification channel's settings: what every kind shares (domain/settings.ts channelBaseFields)
// plus its kind's own `config`, one schema assembled from the registry. Every write goes through
// it; forms show fieldErrors() of its failures.
import { z } from "zod";
import { errorKey } from "../i18n/index.ts";
import { channelBaseFields, checkQuietHours } from "../domain/settings.ts";
import {
  CHANNEL_KINDS,
  CHANNEL_REGISTRY,
  channelModule,
  type ChannelKind,
  type ConfigOf,
} from "./registry.ts";

type Base = z.output<z.ZodObject<typeof channelBaseFields>>;
type BaseInput = z.input<z.ZodObject<typeof channelBaseFields>>;
export type ChannelSettings = {
  [K in ChannelKind]: Base & { kind: K; config: ConfigOf<K> };
}[ChannelKind];
export type ChannelSettingsInput = Partial<BaseInput> & {
  kind: string;
  config: Record<string, unknown>;
};

const variants = CHANNEL_KINDS.map((kind) =>
  z.object({ ...channelBaseFields, kind: z.literal(kind), config: CHANNEL_REGISTRY[kind].config }),
);

export const channelSettingsSchema = z
  .discriminatedUnion(
    "kind",
    variants as unknown as [(typeof variants)[0], ...(typeof variants)[0][]],
    {
      error: errorKey("errors.channel.chooseKind"),
    },
  )
  .superRefine(checkQuietHours) as unknown as z.ZodType<ChannelSettings, ChannelSettingsInput>;

// What is stored encrypted (Channel.secret_enc) versus shown in the UI (Channel.config). The sealed
// JSON names its kind, so a secret can never be read as another kind's.
export function splitChannelSecret(c: ChannelSettings): {
  config: Record<string, unknown>;
  secret: { kind: ChannelKind } & Record<string, unknown>;
} {
  const { shown, secret } = channelModule(c.kind).split(c.config);
  return { config: shown, secret: { kind: c.kind, ...(secret as object) } };
}
