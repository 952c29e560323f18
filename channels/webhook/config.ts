// A generic webhook's settings: an https endpoint and the secret its requests are signed with
// (both sealed: the URL may carry a token of its own).
import { z } from "zod";
import { httpsUrl } from "../../domain/settings.ts";

export const webhookConfig = z.object({
  url: httpsUrl("Webhook URL").refine((v) => !URL.canParse(v) || !new URL(v).username, {
    error: "Webhook URL cannot contain a user name or password",
  }),
  signingSecret: z
    .string({ error: "Signing secret is required" })
    .min(16, { error: "Signing secret must be at least 16 characters" })
    .max(256, { error: "Signing secret must be at most 256 characters" }),
});
