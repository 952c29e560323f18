// Add or edit a notification channel. Secret fields (webhook URLs, API keys, signing secrets)
// are write-only: when editing, they start empty with the stored value's masked hint as the
// placeholder, and an empty field keeps what is stored.
import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, FormLayout, Modal, Select, TextField, Checkbox } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { translateError } from "../../i18n/core.ts";
import { minutesToTime } from "./format.ts";
import type { FormField } from "../../channels/kind.ts";
import type { ChannelKindView, ChannelView } from "../dashboard/channels.server.ts";

type Result = { intent: string; ok: boolean; errors?: Record<string, string> };

// Weekday names in the reader's language (0 = Sunday, as Date#getDay); 2023-01-01 was a Sunday.
const weekdays = (locale: string) =>
  Array.from({ length: 7 }, (_, i) =>
    new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2023, 0, 1 + i)),
    ),
  );

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
  "language",
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
    language: c?.language ?? "",
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
  const { t, i18n } = useTranslation();
  const [v, setV] = useState(() => initial(props.channel, props.kinds));
  // Every action revalidates the page's loader, which hands a new (equal) list of kinds: the form
  // resets only when it opens or its channel changes, never under the merchant's typing.
  const kinds = useRef(props.kinds);
  kinds.current = props.kinds;
  useEffect(() => {
    if (props.open) setV(initial(props.channel, kinds.current));
  }, [props.open, props.channel]);
  const saved =
    fetcher.state === "idle" && fetcher.data?.intent === "channel-save" && fetcher.data.ok;
  const { onClose } = props;
  useEffect(() => {
    if (saved) onClose();
  }, [saved, onClose]);
  // The server answers catalogue keys (i18n/core.ts errorKey): shown in the reader's language.
  const errors = Object.fromEntries(
    Object.entries(
      fetcher.data?.intent === "channel-save" && !fetcher.data.ok
        ? (fetcher.data.errors ?? {})
        : {},
    ).map(([k, m]) => [k, translateError(t, m)]),
  );
  const set = (k: string) => (value: string | boolean) => setV((s) => ({ ...s, [k]: value }));
  const s = (k: string) => String(v[k] ?? "");
  const field = (k: string) => ({ value: s(k), onChange: set(k), error: errors[k] });
  const kind = s("kind");
  const fields = props.kinds.find((k) => k.kind === kind)?.fields ?? [];
  const editing = props.channel !== null;
  // Placeholders: a secret's stored hint on edit, else the kind's example (a key or a literal URL).
  const keep = (label: string | undefined, secret = true) =>
    secret && editing && props.channel?.hasSecret
      ? t("channelForm.stored", { hint: props.channel.hint ?? t("channelForm.set") })
      : label && label.startsWith("channels.")
        ? t(label)
        : label;
  const input = (f: FormField) => {
    const path = `config.${f.name}`;
    const common = {
      label: t(f.label),
      autoComplete: "off",
      value: s(path),
      onChange: set(path),
      error: errorAt(errors, path),
      helpText: f.help ? t(f.help) : undefined,
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
        placeholder={keep(f.placeholder, f.secret)}
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
      title={
        editing ? t("channelForm.edit", { name: props.channel!.name }) : t("channelForm.addTitle")
      }
      primaryAction={{
        content: editing ? t("channelForm.save") : t("channelForm.add"),
        onAction: submit,
        loading: fetcher.state !== "idle",
      }}
      secondaryActions={[{ content: t("common.cancel"), onAction: props.onClose }]}
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
                label={t("channelForm.kind")}
                options={props.kinds.map((c) => ({ label: t(c.label), value: c.kind }))}
                {...field("kind")}
                disabled={editing}
              />
              <TextField
                label={t("fields.name")}
                autoComplete="off"
                {...field("name")}
                placeholder={t("channelForm.namePlaceholder")}
              />
            </FormLayout.Group>
            {fields.map(input)}
            <FormLayout.Group>
              <Select
                label={t("channelForm.delivery")}
                options={[
                  {
                    label: t("channelForm.instant"),
                    value: "instant",
                  },
                  {
                    label: t("channelForm.daily"),
                    value: "digest_daily",
                  },
                  {
                    label: t("channelForm.weekly"),
                    value: "digest_weekly",
                  },
                ]}
                {...field("mode")}
              />
              <Select
                label={t("channelForm.minSeverity")}
                options={[
                  {
                    label: t("channelForm.attentionUp"),
                    value: "attention",
                  },
                  {
                    label: t("channelForm.warningUp"),
                    value: "warning",
                  },
                  {
                    label: t("channelForm.criticalOnly"),
                    value: "critical",
                  },
                ]}
                {...field("minSeverity")}
              />
            </FormLayout.Group>
            {s("mode") !== "instant" ? (
              <FormLayout.Group>
                <TextField
                  label={t("channelForm.digestHour")}
                  type="number"
                  autoComplete="off"
                  {...field("digestHour")}
                />
                {s("mode") === "digest_weekly" ? (
                  <Select
                    label={t("channelForm.digestDay")}
                    options={weekdays(i18n.language).map((d, i) => ({
                      label: d,
                      value: String(i),
                    }))}
                    {...field("digestWeekday")}
                  />
                ) : (
                  <span />
                )}
              </FormLayout.Group>
            ) : null}
            <FormLayout.Group>
              <TextField
                label={t("channelForm.quietFrom")}
                type="time"
                autoComplete="off"
                {...field("quietStart")}
                helpText={t("channelForm.quietHelp")}
              />
              <TextField
                label={t("channelForm.quietUntil")}
                type="time"
                autoComplete="off"
                {...field("quietEnd")}
              />
            </FormLayout.Group>
            <Select
              label={t("channelForm.language")}
              options={[
                {
                  label: t("channelForm.shopLanguage"),
                  value: "",
                },
                { label: "English", value: "en" },
                { label: "Español", value: "es" },
              ]}
              {...field("language")}
            />
            <Select
              label={t("channelForm.fallback")}
              options={[
                { label: t("channelForm.none"), value: "" },
                ...props.others.map((o) => ({ label: o.name, value: String(o.id) })),
              ]}
              {...field("fallbackChannelId")}
            />
            <Checkbox
              label={t("channelForm.enabled")}
              checked={Boolean(v.enabled)}
              onChange={set("enabled")}
            />
          </FormLayout>
        </form>
      </Modal.Section>
    </Modal>
  );
}
