// Microsoft Teams through a Workflows webhook with an Adaptive Card: a channel kind
// (channels/kind.ts).
import { createHash } from "node:crypto";
import { defineChannelKind, str } from "../kind.ts";
import { teamsConfig } from "./config.ts";
import { renderAlertTeams, renderDigestTeams, type TeamsMessage } from "./render.ts";

export type TeamsDestination = { webhookUrl: string };

// Teams documents 4 requests per second for a webhook posting to a channel.
const PER_WORKFLOW = { limit: 4, windowMs: 1_000 };

export const teams = defineChannelKind({
  kind: "teams",
  label: "channels.teams.microsoftTeams",
  config: teamsConfig,
  split: (c) => ({
    shown: { hint: `${new URL(c.webhookUrl).host}/…` },
    secret: { webhookUrl: c.webhookUrl },
  }),
  form: [
    {
      name: "webhookUrl",
      input: "url",
      secret: true,
      label: "channels.teams.workflowUrl",
      placeholder: "https://….logic.azure.com/workflows/…",
      help: "channels.teams.help.inTeamsTheChannels",
    },
  ],
  summary: (shown) => str(shown.hint),
  render: { alert: renderAlertTeams, digest: renderDigestTeams },
  destination(ch) {
    if (!ch.secret?.webhookUrl) return { ok: false, error: "the channel has no workflow URL" };
    const key = `teams:${createHash("sha256").update(ch.secret.webhookUrl).digest("hex").slice(0, 16)}`;
    return {
      ok: true,
      key,
      limits: [{ key, window: PER_WORKFLOW }],
      destination: { webhookUrl: ch.secret.webhookUrl },
    };
  },
  async sender() {
    const { sendTeams } = await import("./client.ts");
    return (to: TeamsDestination, m: TeamsMessage, o) =>
      sendTeams(
        {
          webhookUrl: to.webhookUrl,
          timeoutMs: o.timeoutMs,
          allowInsecureUrl: o.allowInsecureUrls,
        },
        m,
      );
  },
});
