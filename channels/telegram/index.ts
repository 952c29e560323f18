// Telegram through a bot (Bot API sendMessage, HTML parse mode): a channel kind (channels/kind.ts).
import { defineChannelKind, str } from "../kind.ts";
import { botIdOf, telegramConfig } from "./config.ts";
import { renderAlertTelegram, renderDigestTelegram, type TelegramMessage } from "./render.ts";

export type TelegramDestination = { botToken: string; chatId: string };

// Telegram's published limits for bots: about one message per second in a chat, 20 a minute in a
// group, 30 a second overall.
const PER_CHAT = { limit: 1, windowMs: 1_000 };
const PER_GROUP = { limit: 20, windowMs: 60_000 };
const PER_BOT = { limit: 30, windowMs: 1_000 };

export const telegram = defineChannelKind({
  kind: "telegram",
  label: "channels.telegram.telegram",
  config: telegramConfig,
  split: (c) => ({
    shown: { chatId: c.chatId, hint: `bot ${botIdOf(c.botToken)}` },
    secret: { botToken: c.botToken },
  }),
  form: [
    {
      name: "botToken",
      input: "text",
      secret: true,
      label: "channels.telegram.botToken",
      placeholder: "123456789:AAH…",
      help: "channels.telegram.help.fromBotfatherAddThe",
    },
    {
      name: "chatId",
      input: "text",
      label: "channels.telegram.chatId",
      placeholder: "channels.telegram.1001234567890OrYourchannel",
    },
  ],
  summary: (shown) => [str(shown.chatId), str(shown.hint)].filter(Boolean).join(" · "),
  render: { alert: renderAlertTelegram, digest: renderDigestTelegram },
  destination(ch) {
    const chatId = str(ch.shown.chatId);
    if (!ch.secret?.botToken || !chatId)
      return { ok: false, error: "the channel has no bot token or chat" };
    // The bot id is the token's public half (the bot's user id); the chat id is not secret.
    const bot = botIdOf(ch.secret.botToken);
    const key = `telegram:${bot}:${chatId}`;
    const group = chatId.startsWith("-") || chatId.startsWith("@");
    return {
      ok: true,
      key,
      limits: [
        { key, window: PER_CHAT },
        ...(group ? [{ key: `${key}:minute`, window: PER_GROUP }] : []),
        { key: `telegram:${bot}`, window: PER_BOT },
      ],
      destination: { botToken: ch.secret.botToken, chatId },
    };
  },
  async sender() {
    const { sendTelegram } = await import("./client.ts");
    return (to: TelegramDestination, m: TelegramMessage, o) =>
      sendTelegram({ ...to, timeoutMs: o.timeoutMs, apiBase: o.telegramApiBase }, m);
  },
});
