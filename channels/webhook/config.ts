// A generic webhook's settings: an https endpoint and the secret its requests are signed with
// (both sealed: the URL may carry a token of its own).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { httpsUrl } from "../../domain/settings.ts";

export const webhookConfig = z.object({
  url: httpsUrl("fields.webhookUrl").refine((v) => !URL.canParse(v) || !new URL(v).username, {
    error: errorKey("errors.channel.webhookUserinfo"),
  }),
  signingSecret: z
    .string({ error: errorKey("errors.channel.signingSecretRequired") })
    .min(16, { error: errorKey("errors.channel.signingSecretMin") })
    .max(256, { error: errorKey("errors.channel.signingSecretMax") }),
});
