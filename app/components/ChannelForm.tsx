// Add or edit a notification channel. Secret fields (webhook URLs, API keys, signing secrets)
// are write-only: when editing, they start empty with the stored value's masked hint as the
// placeholder, and an empty field keeps what is stored.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, FormLayout, Modal, Select, TextField, Checkbox } from "@shopify/polaris";
import { minutesToTime } from "./format.ts";
import type { FormField } from "../../channels/kind.ts";
import type { ChannelKindView, ChannelView } from "../dashboard/channels.server.ts";

type Result = { intent: string; ok: boolean; errors?: Record<string, string> };

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const COMMON = [
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

function initial(
  c: ChannelView | null,
  kinds: ChannelKindView[],
): Record<string, string | boolean> {
  const v: Record<string, string | boolean> = {
    kind: c?.kind ?? kinds[0]?.kind ?? "",
    name: c?.name ?? "",
    enabled: c?.enabled ?? true,
    mode: c?.mode ?? "instant",
    digestHour: String(c?.digestHour ?? 8),
    digestWeekday: String(c?.digestWeekday ?? 1),
    quietStart: minutesToTime(c?.quietStart),
    quietEnd: minutesToTime(c?.quietEnd),
    minSeverity: c?.minSeverity ?? "attention",
    fallbackChannelId: c?.fallbackChannelId ? String(c.fallbackChannelId) : "",
  };
  // Every kind's fields, so switching kinds keeps what was typed; secrets always start blank.
  for (const k of kinds)
    for (const f of k.fields)
      v[`config.${f.name}`] =
        f.secret || (c && c.kind !== k.kind) ? "" : (c?.values[f.name] ?? f.initial ?? "");
  return v;
}

// The first error at or under a field's path (list items report as config.recipients.1).
function errorAt(errors: Record<string, string>, path: string): string | undefined {
  return (
    errors[path] ??
    Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1] ??
    errors[path.slice(0, path.lastIndexOf("."))]
  );
}

export function ChannelForm(props: {
  open: boolean;
  channel: ChannelView | null; // null: a new channel
  kinds: ChannelKindView[];
  others: { id: number; name: string }[];
  onClose: () => void;
}) {
  const fetcher = useFetcher<Result>();
  const [v, setV] = useState(() => initial(props.channel, props.kinds));
  useEffect(() => {
    if (props.open) setV(initial(props.channel, props.kinds));
  }, [props.open, props.channel, props.kinds]);
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
  const fields = props.kinds.find((k) => k.kind === kind)?.fields ?? [];
  const editing = props.channel !== null;
  const keep = (label: string | undefined) =>
    editing && props.channel?.hasSecret
      ? `Stored: ${props.channel.hint ?? "set"} — leave empty to keep`
      : label;
  const input = (f: FormField) => {
    const path = `config.${f.name}`;
    const common = {
      label: f.label,
      autoComplete: "off",
      value: s(path),
      onChange: set(path),
      error: errorAt(errors, path),
      helpText: f.help,
    };
    if (f.input === "select")
      return <Select key={path} {...common} options={[...(f.options ?? [])]} />;
    return (
      <TextField
        key={path}
        {...common}
        type={
          f.secret ? "password" : f.input === "list" || f.input === "textarea" ? "text" : f.input
        }
        multiline={f.input === "list" ? 3 : f.input === "textarea" ? 4 : undefined}
        placeholder={f.secret ? keep(f.placeholder) : f.placeholder}
      />
    );
  };

  const submit = () => {
    const body: Record<string, string> = { _intent: "channel-save" };
    if (editing) body.id = String(props.channel!.id);
    const own = fields.map((f) => `config.${f.name}`);
    for (const k of [...COMMON, ...own]) body[k] = String(v[k] ?? "");
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
              <Select
                label="Kind"
                options={props.kinds.map((k) => ({ label: k.label, value: k.kind }))}
                {...field("kind")}
                disabled={editing}
              />
              <TextField
                label="Name"
                autoComplete="off"
                {...field("name")}
                placeholder="e.g. Ops Discord"
              />
            </FormLayout.Group>
            {fields.map(input)}
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
