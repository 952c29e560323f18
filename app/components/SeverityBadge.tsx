import { Badge } from "@shopify/polaris";

const TONE = { critical: "critical", warning: "warning", attention: "attention" } as const;
const LABEL = { critical: "Critical", warning: "Warning", attention: "Attention" } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  const s = severity as keyof typeof TONE;
  return <Badge tone={TONE[s] ?? "info"}>{LABEL[s] ?? severity}</Badge>;
}

// An alert episode is open until its condition clears; anything else reads as resolved.
export function EpisodeStateBadge({ state }: { state: string }) {
  const open = state === "open";
  return <Badge tone={open ? "attention" : "success"}>{open ? "Open" : "Resolved"}</Badge>;
}

const STATUS_TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  sent: "success",
  processed: "success",
  failed: "critical",
  parked: "critical",
  retry: "attention",
  pending: "info",
  digest: "info",
  queued: "info",
  received: "info",
  skipped: "attention",
  suppressed: undefined,
  breaker_open: "critical",
  test: "info",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status]}>{status.replace(/_/g, " ")}</Badge>;
}
