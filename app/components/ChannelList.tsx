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

const MODE: Record<string, string> = {
  instant: "Instant",
  digest_daily: "Daily digest",
  digest_weekly: "Weekly digest",
};

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
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <div id="channels">
            <Text as="h2" variant="headingMd">
              Channels
            </Text>
          </div>
          <Button
            variant="primary"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            Add channel
          </Button>
        </InlineStack>
        {channels.length === 0 ? (
          <Text as="p" tone="subdued">
            No channel yet. Add Discord, Slack, email or a webhook to receive alerts.
          </Text>
        ) : (
          <BlockStack gap="300">
            {channels.map((c, i) => (
              <BlockStack gap="300" key={c.id}>
                {i > 0 ? <Divider /> : null}
                <ChannelItem
                  kindLabel={kinds.find((k) => k.kind === c.kind)?.label ?? c.kind}
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
  const result = test.data?.intent === "channel-test" ? test.data.result : undefined;
  const quiet =
    c.quietStart !== null
      ? `quiet ${minutesToTime(c.quietStart)}–${minutesToTime(c.quietEnd)}`
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
            {[MODE[c.mode] ?? c.mode, `${c.minSeverity} and above`, quiet, c.summary]
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
            accessibilityLabel={`Send a test alert to ${c.name}`}
          >
            Send test alert
          </Button>
          <Button onClick={onEdit} accessibilityLabel={`Edit ${c.name}`}>
            Edit
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
              Confirm remove
            </Button>
          ) : (
            <Button
              tone="critical"
              onClick={() => setConfirming(true)}
              accessibilityLabel={`Remove ${c.name}`}
            >
              Remove
            </Button>
          )}
        </ButtonGroup>
      </InlineStack>
      {/* Reserved line: the test result appears without pushing the list around. */}
      <Box minHeight="20px">
        <div role="status" aria-live="polite" data-testid={`test-result-${c.id}`}>
          {test.state !== "idle" ? (
            <Text as="span" variant="bodySm" tone="subdued">
              Sending a test alert…
            </Text>
          ) : result ? (
            result.ok ? (
              <Text as="span" variant="bodySm" tone="success">
                Test alert delivered{result.status ? ` (HTTP ${result.status}` : " ("}
                {result.durationMs !== undefined
                  ? `${result.status ? ", " : ""}${result.durationMs} ms)`
                  : ")"}
              </Text>
            ) : (
              <Text as="span" variant="bodySm" tone="critical">
                Test alert failed{result.status ? ` (HTTP ${result.status})` : ""}:{" "}
                {result.error ?? "unknown error"}
              </Text>
            )
          ) : null}
        </div>
      </Box>
    </BlockStack>
  );
}
