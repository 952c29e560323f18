// A Microsoft Teams channel's settings: the URL of a Teams Workflows webhook ("Send webhook alerts
// to a channel", Power Automate), sealed: its query string carries the signature that authorises
// posting.
import { z } from "zod";
import { errorKey } from "../../i18n/index.ts";
import { httpsUrl } from "../../domain/settings.ts";

// Power Automate / Logic Apps trigger URLs: *.logic.azure.com(:443)/workflows/…/invoke?…&sig=…,
// and the newer *.powerplatform.com and *.powerautomate.com hosts.
export const TEAMS_WORKFLOW_RE =
  /^https:\/\/[a-z0-9.-]+\.(?:logic\.azure\.com|powerplatform\.com|powerautomate\.com)(?::443)?\/[^\s]*workflows\/[^\s]+$/i;

export const teamsConfig = z.object({
  webhookUrl: httpsUrl("fields.workflowUrl").refine((v) => TEAMS_WORKFLOW_RE.test(v), {
    error: errorKey("errors.channel.teamsUrl"),
  }),
});
