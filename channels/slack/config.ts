// A Slack channel's settings: one incoming webhook URL (sealed).
import { z } from "zod";
import { httpsUrl } from "../../domain/settings.ts";

export const SLACK_WEBHOOK_RE =
  /^https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+$/;

export const slackConfig = z.object({
  webhookUrl: httpsUrl("Slack webhook URL").refine((v) => SLACK_WEBHOOK_RE.test(v), {
    error: "Paste the incoming webhook URL from Slack: https://hooks.slack.com/services/…",
  }),
});
