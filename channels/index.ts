// One entry point for the delivery layer: render an alert or digest for a channel's kind, and
// send it to the channel's destination (secrets already decrypted) in one classified attempt.
import type { DigestView } from "../domain/messages/digest.ts";
import { sampleAlertView } from "../domain/messages/sample.ts";
import type { AlertView, ShopView } from "../domain/messages/view.ts";
import type { TransportOverrides } from "./kind.ts";
import type { SendOutcome } from "./outcome.ts";
import {
  CHANNEL_KINDS,
  channelModule,
  type ChannelKind,
  type Destination,
  type Rendered,
} from "./registry.ts";

export * from "./outcome.ts";
export * from "./registry.ts";
export type { Limit, ServerChannelSettings, TransportOverrides, Window } from "./kind.ts";
export {
  signWebhook,
  verifyWebhookSignature,
  generateSigningSecret,
  type WebhookOptions,
} from "./webhook/client.ts";

const rendered = (kind: ChannelKind, message: unknown) => ({ kind, [kind]: message }) as Rendered;

export function renderAlert(kind: ChannelKind, v: AlertView): Rendered {
  return rendered(kind, channelModule(kind).render.alert(v));
}

export function renderDigest(kind: ChannelKind, d: DigestView): Rendered {
  return rendered(kind, channelModule(kind).render.digest(d));
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

export async function deliver(
  to: Destination,
  message: Rendered,
  o: TransportOverrides = {},
): Promise<SendOutcome> {
  if (to.kind !== message.kind)
    throw new Error(`a ${message.kind} message cannot go to a ${to.kind} channel`);
  const { kind, ...destination } = to;
  const send = await channelModule(kind).sender();
  return send(destination, (message as Record<string, unknown>)[kind], o);
}

// The worker loads every provider client at start, so no alert waits for an import.
export async function preloadSenders(): Promise<void> {
  await Promise.all(CHANNEL_KINDS.map((k) => channelModule(k).sender()));
}
