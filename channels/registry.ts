// Every channel kind, one line each. Adding a kind = its folder + one line here; the types below
// (kinds, settings, rendered messages, destinations) follow from this object.
import type { ChannelKindModule } from "./kind.ts";
import { discord } from "./discord/index.ts";
import { email } from "./email/index.ts";
import { googleSheets } from "./sheets/index.ts";
import { slack } from "./slack/index.ts";
import { sms } from "./sms/index.ts";
import { teams } from "./teams/index.ts";
import { telegram } from "./telegram/index.ts";
import { webhook } from "./webhook/index.ts";
import { whatsapp } from "./whatsapp/index.ts";

// Each key must be its module's own kind, and each module complete: both are checked here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule<K extends string> = ChannelKindModule<K, any, any, any, any>;
const registry = <R extends { [K in keyof R]: AnyModule<K & string> }>(r: R): R => r;

// The order is the channel form's.
export const CHANNEL_REGISTRY = registry({
  discord,
  slack,
  email,
  teams,
  telegram,
  whatsapp,
  sms,
  sheets: googleSheets,
  webhook,
});

type Registry = typeof CHANNEL_REGISTRY;
export type ChannelKind = keyof Registry;
export const CHANNEL_KINDS = Object.keys(CHANNEL_REGISTRY) as ChannelKind[];

type Parts<K extends ChannelKind> =
  Registry[K] extends ChannelKindModule<K, infer C, infer S, infer M, infer D>
    ? { config: C; secret: S; message: M; destination: D }
    : never;
export type ConfigOf<K extends ChannelKind> = Parts<K>["config"];
export type SecretOf<K extends ChannelKind> = Parts<K>["secret"];
export type MessageOf<K extends ChannelKind> = Parts<K>["message"];
export type DestinationOf<K extends ChannelKind> = Parts<K>["destination"];

// A message rendered for one kind: { kind: "email", email: RenderedEmail }, …
export type Rendered = {
  [K in ChannelKind]: { kind: K } & { [P in K]: MessageOf<K> };
}[ChannelKind];
// Where one send goes, secrets opened: { kind: "discord", webhookUrl }, …
export type Destination = { [K in ChannelKind]: { kind: K } & DestinationOf<K> }[ChannelKind];

export function isChannelKind(k: unknown): k is ChannelKind {
  return typeof k === "string" && Object.hasOwn(CHANNEL_REGISTRY, k);
}

// The module of a kind, typed loosely for code that handles every kind alike (its inputs come
// from the same kind's module, so they always match).
export function channelModule(
  kind: ChannelKind,
): ChannelKindModule<string, unknown, unknown, unknown, unknown> {
  return CHANNEL_REGISTRY[kind] as unknown as ChannelKindModule<
    string,
    unknown,
    unknown,
    unknown,
    unknown
  >;
}
