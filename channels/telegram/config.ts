// A Telegram channel's settings: the bot's token from @BotFather (sealed: it is the bot) and the
// chat it posts to (a user, group or channel id, or a public channel's @username).
import { z } from "zod";

// "<bot id>:<secret>", as @BotFather hands it out.
export const BOT_TOKEN_RE = /^(\d{5,15}):[A-Za-z0-9_-]{30,60}$/;
export const CHAT_ID_RE = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;

export const telegramConfig = z.object({
  botToken: z
    .string({ error: "Bot token is required" })
    .trim()
    .regex(BOT_TOKEN_RE, { error: "Paste the token @BotFather gave you: 123456789:AAH…" }),
  chatId: z.string({ error: "Chat id is required" }).trim().regex(CHAT_ID_RE, {
    error: "Enter the chat's numeric id (groups start with -100) or a channel's @username",
  }),
});

export function botIdOf(token: string): string {
  return BOT_TOKEN_RE.exec(token)?.[1] ?? "unknown";
}
