// Add or edit a notification channel. Secret fields (webhook URLs, API keys, signing secrets)
// are write-only: when editing, they start empty with the stored value's masked hint as the
// placeholder, and an empty field keeps what is stored.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, FormLayout, Modal, Select, TextField, Checkbox } from "@shopify/polaris";
import { minutesToTime } from "./format.ts";
import type { ChannelView } from "../dashboard/channels.server.ts";

type Result = { intent: string; ok: boolean; errors?: Record<string, string> };

const KINDS = [
  { label: "Discord", value: "discord" },
  { label: "Slack", value: "slack" },
  { label: "Email (SendGrid)", value: "email" },
  { label: "Webhook (Zapier, n8n, Flow, ERP)", value: "webhook" },
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function initial(c: ChannelView | null): Record<string, string | boolean> {
  return {
    kind: c?.kind ?? "discord",
    name: c?.name ?? "",
    enabled: c?.enabled ?? true,
    mode: c?.mode ?? "instant",
    digestHour: String(c?.digestHour ?? 8),
    digestWeekday: String(c?.digestWeekday ?? 1),
    quietStart: minutesToTime(c?.quietStart),
    quietEnd: minutesToTime(c?.quietEnd),
    minSeverity: c?.minSeverity ?? "attention",
    fallbackChannelId: c?.fallbackChannelId ? String(c.fallbackChannelId) : "",
    "config.recipients": c?.recipients.join("\n") ?? "",
    "config.sender.email": c?.senderEmail ?? "",
    "config.sender.name": c?.senderName ?? "Stockout radar",
    "config.apiKey": "",
    "config.webhookUrl": "",
    "config.url": "",
    "config.signingSecret": "",
  };
}

export function ChannelForm(props: {
  open: boolean;
  channel: ChannelView | null; // null: a new channel
  others: { id: number; name: string }[];
  onClose: () => void;
}) {
  const fetcher = useFetcher<Result>();
  const [v, setV] = useState(() => initial(props.channel));
  useEffect(() => {
    if (props.open) setV(initial(props.channel));
  }, [props.open, props.channel]);
  const saved =
    fetcher.state === "idle" && fetcher.data?.intent === "channel-save" && fetcher.data.ok;
  const { onClose } = props;
  useEffect(() => {
    if (saved) onClose();
  }, [saved, onClose]);
  const errors =
    fetcher.data?.intent === "channel-save" && !fetcher.data.ok ? (fetcher.data.errors ?? {}) : {};
  const set = (k: string) => (value: string | boolean) => setV((s) => ({ ...s, [k]: value }));
  const s = (k: string) => String(v[k] ?? "");
  const field = (k: string) => ({ value: s(k), onChange: set(k), error: errors[k] });
  const kind = s("kind");
  const editing = props.channel !== null;
  const keep = (label: string) =>
    editing && props.channel?.hasSecret
      ? `Stored: ${props.channel.hint ?? "set"} — leave empty to keep`
      : label;

  const submit = () => {
    const body: Record<string, string> = { _intent: "channel-save" };
    if (editing) body.id = String(props.channel!.id);
    const common = [
      "kind",
      "name",
      "enabled",
      "mode",
      "digestHour",
      "digestWeekday",
      "quietStart",
      "quietEnd",
      "minSeverity",
      "fallbackChannelId",
    ];
    const specific: Record<string, string[]> = {
      email: ["config.recipients", "config.sender.email", "config.sender.name", "config.apiKey"],
      discord: ["config.webhookUrl"],
      slack: ["config.webhookUrl"],
      webhook: ["config.url", "config.signingSecret"],
    };
    for (const k of [...common, ...(specific[kind] ?? [])]) body[k] = String(v[k] ?? "");
    fetcher.submit(body, { method: "post" });
  };

  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={editing ? `Edit ${props.channel!.name}` : "Add a channel"}
      primaryAction={{
        content: editing ? "Save channel" : "Add channel",
        onAction: submit,
        loading: fetcher.state !== "idle",
      }}
      secondaryActions={[{ content: "Cancel", onAction: props.onClose }]}
    >
      <Modal.Section>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <FormLayout>
            {errors._form ? <Banner tone="critical">{errors._form}</Banner> : null}
            <FormLayout.Group>
              <Select label="Kind" options={KINDS} {...field("kind")} disabled={editing} />
              <TextField
                label="Name"
                autoComplete="off"
                {...field("name")}
                placeholder="e.g. Ops Discord"
              />
            </FormLayout.Group>
            {kind === "discord" || kind === "slack" ? (
              <TextField
                label={kind === "discord" ? "Discord webhook URL" : "Slack incoming webhook URL"}
                type="password"
                autoComplete="off"
                {...field("config.webhookUrl")}
                placeholder={keep(
                  kind === "discord"
                    ? "https://discord.com/api/webhooks/…"
                    : "https://hooks.slack.com/services/…",
                )}
                helpText="Stored encrypted; never shown again."
              />
            ) : null}
            {kind === "webhook" ? (
              <>
                <TextField
                  label="Endpoint URL"
                  type="password"
                  autoComplete="off"
                  {...field("config.url")}
                  placeholder={keep("https://…")}
                />
                <TextField
                  label="Signing secret"
                  type="password"
                  autoComplete="off"
                  {...field("config.signingSecret")}
                  placeholder={keep("At least 16 characters")}
                  helpText="Requests carry X-Radar-Signature: sha256=HMAC(secret, timestamp.body)."
                />
              </>
            ) : null}
            {kind === "email" ? (
              <>
                <TextField
                  label="Recipients"
                  multiline={3}
                  autoComplete="off"
                  {...field("config.recipients")}
                  error={
                    errors["config.recipients"] ??
                    Object.entries(errors).find(([k]) => k.startsWith("config.recipients."))?.[1]
                  }
                  helpText="One address per line (up to 20)"
                />
                <FormLayout.Group>
                  <TextField
                    label="Reply-to address"
                    type="email"
                    autoComplete="off"
                    {...field("config.sender.email")}
                    error={errors["config.sender.email"] ?? errors["config.sender"]}
                  />
                  <TextField
                    label="Sender name"
                    autoComplete="off"
                    {...field("config.sender.name")}
                  />
                </FormLayout.Group>
                <TextField
                  label="Your own SendGrid API key (optional)"
                  type="password"
                  autoComplete="off"
                  {...field("config.apiKey")}
                  placeholder={
                    editing && props.channel?.hint
                      ? `Stored: ${props.channel.hint} — leave empty to keep`
                      : "SG.xxxx.yyyy"
                  }
                />
              </>
            ) : null}
            <FormLayout.Group>
              <Select
                label="Delivery"
                options={[
                  { label: "Instantly", value: "instant" },
                  { label: "Daily digest", value: "digest_daily" },
                  { label: "Weekly digest", value: "digest_weekly" },
                ]}
                {...field("mode")}
              />
              <Select
                label="Minimum severity"
                options={[
                  { label: "Attention and above", value: "attention" },
                  { label: "Warning and above", value: "warning" },
                  { label: "Critical only", value: "critical" },
                ]}
                {...field("minSeverity")}
              />
            </FormLayout.Group>
            {s("mode") !== "instant" ? (
              <FormLayout.Group>
                <TextField
                  label="Digest hour (shop time)"
                  type="number"
                  autoComplete="off"
                  {...field("digestHour")}
                />
                {s("mode") === "digest_weekly" ? (
                  <Select
                    label="Digest day"
                    options={WEEKDAYS.map((d, i) => ({ label: d, value: String(i) }))}
                    {...field("digestWeekday")}
                  />
                ) : (
                  <span />
                )}
              </FormLayout.Group>
            ) : null}
            <FormLayout.Group>
              <TextField
                label="Quiet hours from"
                type="time"
                autoComplete="off"
                {...field("quietStart")}
                helpText="Shop time; empty for none"
              />
              <TextField
                label="Quiet hours until"
                type="time"
                autoComplete="off"
                {...field("quietEnd")}
              />
            </FormLayout.Group>
            <Select
              label="Fallback channel when this one fails"
              options={[
                { label: "None", value: "" },
                ...props.others.map((o) => ({ label: o.name, value: String(o.id) })),
              ]}
              {...field("fallbackChannelId")}
            />
            <Checkbox label="Enabled" checked={Boolean(v.enabled)} onChange={set("enabled")} />
          </FormLayout>
        </form>
      </Modal.Section>
    </Modal>
  );
}
