// A Telegram channel's settings: the bot's token from @BotFather (sealed: it is the bot) and the
// chat it posts to (a user, group or channel id, or a public channel's @username).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";

// "<bot id>:<secret>", as @BotFather hands it out.
export const BOT_TOKEN_RE = /^(\d{5,15}):[A-Za-z0-9_-]{30,60}$/;
export const CHAT_ID_RE = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;

export const telegramConfig = z.object({
  botToken: z
    .string({ error: errorKey("errors.channel.botTokenRequired") })
    .trim()
    .regex(BOT_TOKEN_RE, { error: errorKey("errors.channel.botToken") }),
  chatId: z
    .string({ error: errorKey("errors.channel.chatIdRequired") })
    .trim()
    .regex(CHAT_ID_RE, {
      error: errorKey("errors.channel.chatId"),
    }),
});

export function botIdOf(token: string): string {
  return BOT_TOKEN_RE.exec(token)?.[1] ?? "unknown";
}
