// The shop's channels with health, edit, remove and "send test alert" with its live result.
import { useCallback, useState } from "react";
import { useFetcher } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Divider,
  InlineStack,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { ChannelForm } from "./ChannelForm.tsx";
import { ChannelHealthBadge } from "./ChannelHealthBadge.tsx";
import { minutesToTime } from "./format.ts";
import type { ChannelKindView, ChannelView } from "../dashboard/channels.server.ts";

type TestResult = {
  ok: boolean;
  status?: number;
  error?: string;
  durationMs?: number;
  healthy?: boolean;
};
type Result = { intent: string; ok: boolean; result?: TestResult; errors?: Record<string, string> };

export function ChannelList({
  channels,
  kinds,
}: {
  channels: ChannelView[];
  kinds: ChannelKindView[];
}) {
  const [editing, setEditing] = useState<ChannelView | null>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <div id="channels">
            <Text as="h2" variant="headingMd">
              {t("channels.title")}
            </Text>
          </div>
          <Button
            variant="primary"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t("channelForm.add")}
          </Button>
        </InlineStack>
        {channels.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("channels.empty")}
          </Text>
        ) : (
          <BlockStack gap="300">
            {channels.map((c, i) => (
              <BlockStack gap="300" key={c.id}>
                {i > 0 ? <Divider /> : null}
                <ChannelItem
                  kindLabel={t(kinds.find((x) => x.kind === c.kind)?.label ?? c.kind)}
                  channel={c}
                  onEdit={() => {
                    setEditing(c);
                    setOpen(true);
                  }}
                />
              </BlockStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
      <ChannelForm
        open={open}
        channel={editing}
        kinds={kinds}
        others={channels
          .filter((c) => c.id !== editing?.id)
          .map((c) => ({ id: c.id, name: c.name }))}
        onClose={close}
      />
    </Card>
  );
}

function ChannelItem({
  channel: c,
  kindLabel,
  onEdit,
}: {
  channel: ChannelView;
  kindLabel: string;
  onEdit: () => void;
}) {
  const test = useFetcher<Result>();
  const remove = useFetcher<Result>();
  const [confirming, setConfirming] = useState(false);
  const { t } = useTranslation();
  const result = test.data?.intent === "channel-test" ? test.data.result : undefined;
  const quiet =
    c.quietStart !== null
      ? t("channels.quiet", {
          from: minutesToTime(c.quietStart),
          to: minutesToTime(c.quietEnd),
        })
      : null;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="start" gap="300">
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {c.name}
            </Text>
            <Badge>{kindLabel}</Badge>
            <ChannelHealthBadge enabled={c.enabled} healthy={c.healthy} />
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            {[
              t(`channelForm.mode.${c.mode}`),
              t(`channelForm.from.${c.minSeverity}`),
              quiet,
              c.language ? t(`channelForm.lang.${c.language}`) : null,
              c.summary,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {!c.healthy && c.unhealthyReason ? (
            <Text as="p" variant="bodySm" tone="critical">
              {c.unhealthyReason}
            </Text>
          ) : null}
        </BlockStack>
        <ButtonGroup>
          <Button
            onClick={() =>
              test.submit({ _intent: "channel-test", id: String(c.id) }, { method: "post" })
            }
            loading={test.state !== "idle"}
            accessibilityLabel={t("channels.testLabel", { name: c.name })}
          >
            {t("channels.test")}
          </Button>
          <Button onClick={onEdit} accessibilityLabel={t("channelForm.edit", { name: c.name })}>
            {t("common.edit")}
          </Button>
          {confirming ? (
            <Button
              tone="critical"
              variant="primary"
              loading={remove.state !== "idle"}
              onClick={() =>
                remove.submit({ _intent: "channel-delete", id: String(c.id) }, { method: "post" })
              }
            >
              {t("channels.confirmRemove")}
            </Button>
          ) : (
            <Button
              tone="critical"
              onClick={() => setConfirming(true)}
              accessibilityLabel={t("channels.removeLabel", { name: c.name })}
            >
              {t("common.remove")}
            </Button>
          )}
        </ButtonGroup>
      </InlineStack>
      {/* Reserved line: the test result appears without pushing the list around. */}
      <Box minHeight="20px">
        <div role="status" aria-live="polite" data-testid={`test-result-${c.id}`}>
          {test.state !== "idle" ? (
            <Text as="span" variant="bodySm" tone="subdued">
              {t("channels.sending")}
            </Text>
          ) : result ? (
            result.ok ? (
              <Text as="span" variant="bodySm" tone="success">
                {t("channels.delivered")}
                {result.status ? ` (HTTP ${result.status}` : " ("}
                {result.durationMs !== undefined
                  ? `${result.status ? ", " : ""}${result.durationMs} ms)`
                  : ")"}
              </Text>
            ) : (
              <Text as="span" variant="bodySm" tone="critical">
                {t("channels.failed")}
                {result.status ? ` (HTTP ${result.status})` : ""}:{" "}
                {result.error ?? t("channels.unknownError")}
              </Text>
            )
          ) : null}
        </div>
      </Box>
    </BlockStack>
  );
}
