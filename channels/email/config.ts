// An email channel's settings: recipients, the reply-to sender, and optionally the shop's own
// SendGrid key (sealed); without one the app's key and verified sender are used.
import { z } from "zod";
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
    .array(emailAddress, { error: "Add at least one recipient" })
    .min(1, { error: "Add at least one recipient" })
    .max(20, { error: "At most 20 recipients" })
    .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, {
      error: "Each recipient only once",
    }),
);

export const emailConfig = z.object({
  recipients,
  sender: z.object({
    email: emailAddress,
    name: z
      .string()
      .trim()
      .max(100, { error: "Sender name must be at most 100 characters" })
      .refine((v) => !/[\r\n<>"]/.test(v), {
        error: 'Sender name cannot contain < > " or line breaks',
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
          error: "SendGrid API keys look like SG.xxxx.yyyy",
        })
        .optional(),
    )
    .optional(),
});
export type EmailConfig = z.output<typeof emailConfig>;
export type EmailSecret = { apiKey?: string };
