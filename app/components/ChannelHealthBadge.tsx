import { Badge } from "@shopify/polaris";

// A paused channel is not tried, so its health says nothing: it shows as paused, not failing.
export function ChannelHealthBadge({ enabled, healthy }: { enabled: boolean; healthy: boolean }) {
  if (!enabled) return <Badge>Paused</Badge>;
  return healthy ? <Badge tone="success">Healthy</Badge> : <Badge tone="critical">Failing</Badge>;
}
