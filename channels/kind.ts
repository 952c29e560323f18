// What a channel kind is: everything the product needs to offer, store, render for and send to one
// kind of destination, in one module (channels/<kind>/index.ts) registered in registry.ts. The
// registry is typed against this contract, so a kind that lacks a piece does not compile.
//
// Pure pieces (settings schema, secret split, form fields, renderers) run anywhere; `sender`
// loads its provider's client on first use, so importing the registry costs the web nothing.
import type { z } from "zod";
import type { DigestView } from "../domain/messages/digest.ts";
import type { AlertView } from "../domain/messages/view.ts";
import type { SendOutcome } from "./outcome.ts";

// A rate window a destination's sends must fit in, shared by every worker through Redis
// (worker/dispatch/pacing.ts): at most `limit` sends per `windowMs`.
export type Window = { limit: number; windowMs: number };
export type Limit = { key: string; window: Window };

// Test and demo wiring to local fakes; every field is refused outside development and test.
export type TransportOverrides = {
  timeoutMs?: number;
  sendgridBaseUrl?: string;
  discordApiBase?: string;
  telegramApiBase?: string;
  twilioApiBase?: string;
  googleApiBase?: string;
  allowInsecureUrls?: boolean;
};

// What the server contributes to a destination (the app's own SendGrid key and sender).
export type ServerChannelSettings = {
  sendgridApiKey?: string;
  fromEmail?: string;
  fromName: string;
};

// A stored channel as the delivery layer reads it: `shown` is the readable config, `secret` the
// decrypted secret part (null when the channel stores none).
export type StoredChannel<Secret> = {
  id: number;
  shopId: number;
  shown: Record<string, unknown>;
  secret: Secret | null;
};

export type Resolved<Destination> =
  | { ok: true; destination: Destination; key: string; limits: Limit[] }
  | { ok: false; error: string };

// One input of the channel form. `name` is the path under `config`; `secret` inputs are
// write-only (blank on edit keeps the stored value). Labels and help are catalogue keys.
export type FormField = {
  name: string;
  input: "text" | "email" | "tel" | "url" | "list" | "textarea" | "select";
  secret?: boolean;
  optional?: boolean;
  label: string;
  help?: string;
  placeholder?: string;
  options?: readonly { value: string; label: string }[];
  initial?: string;
};

export type ChannelKindModule<K extends string, Config, Secret, Message, Destination> = {
  kind: K;
  label: string;
  // Parses the `config` part of a channel form or API call.
  config: z.ZodType<Config>;
  // Splits valid settings into what may be shown again (hints, recipients) and what is sealed.
  split(config: Config): { shown: Record<string, unknown>; secret: Secret | null };
  form: readonly FormField[];
  // One line that tells the merchant which destination this is (never a secret).
  summary(shown: Record<string, unknown>): string;
  render: { alert(v: AlertView): Message; digest(d: DigestView): Message };
  destination(ch: StoredChannel<Secret>, server: ServerChannelSettings): Resolved<Destination>;
  // Loads the provider's client (once) and hands back its send: one attempt, classified, never
  // throwing for a provider's answer. Lazy so the web process never loads a provider client; the
  // worker loads them all at start (preloadSenders), so no send pays for an import.
  sender(): Promise<Send<Destination, Message>>;
};

export type Send<Destination, Message> = (
  to: Destination,
  message: Message,
  o: TransportOverrides,
) => Promise<SendOutcome>;

// Lets TypeScript infer a module's types from its definition.
export function defineChannelKind<K extends string, Config, Secret, Message, Destination>(
  m: ChannelKindModule<K, Config, Secret, Message, Destination>,
): ChannelKindModule<K, Config, Secret, Message, Destination> {
  return m;
}

// Enough for a merchant to recognise which URL is configured, never enough to use it.
export function urlHint(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split("/").filter(Boolean).at(-1) ?? "";
  return `${u.host}/…${last.length > 8 ? last.slice(-4) : ""}`;
}

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
