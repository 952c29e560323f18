// A Slack channel's settings: one incoming webhook URL (sealed).
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { httpsUrl } from "../../domain/settings.ts";

export const SLACK_WEBHOOK_RE =
  /^https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+$/;

export const slackConfig = z.object({
  webhookUrl: httpsUrl("fields.slackWebhookUrl").refine((v) => SLACK_WEBHOOK_RE.test(v), {
    error: errorKey("errors.channel.slackUrl"),
  }),
});
