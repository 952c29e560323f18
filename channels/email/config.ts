// An email channel's settings: recipients, the reply-to sender, and optionally the shop's own
// SendGrid key (sealed); without one the app's key and verified sender are used.
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { blankToUndefined, emailAddress } from "../../domain/settings.ts";

// Accepts one array or a comma/newline separated string from a textarea.
const recipients = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[\s,;]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(emailAddress, { error: errorKey("errors.channel.recipientsMin") })
    .min(1, { error: errorKey("errors.channel.recipientsMin") })
    .max(20, { error: errorKey("errors.channel.recipientsMax") })
    .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, {
      error: errorKey("errors.channel.recipientsUnique"),
    }),
);

export const emailConfig = z.object({
  recipients,
  sender: z.object({
    email: emailAddress,
    name: z
      .string()
      .trim()
      .max(100, { error: errorKey("errors.channel.senderNameLength") })
      .refine((v) => !/[\r\n<>"]/.test(v), {
        error: errorKey("errors.channel.senderNameChars"),
      })
      .default("Stockout radar"),
  }),
  // A shop's own SendGrid key; without one the app's key is used.
  apiKey: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^SG\.[\w-]{10,}\.[\w-]{10,}$/, {
          error: errorKey("errors.channel.sendgridKey"),
        })
        .optional(),
    )
    .optional(),
});
export type EmailConfig = z.output<typeof emailConfig>;
export type EmailSecret = { apiKey?: string };
