import { Badge } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

// A paused channel is not tried, so its health says nothing: it shows as paused, not failing.
export function ChannelHealthBadge({ enabled, healthy }: { enabled: boolean; healthy: boolean }) {
  const { t } = useTranslation();
  if (!enabled) return <Badge>{t("health.paused")}</Badge>;
  return healthy ? (
    <Badge tone="success">{t("health.healthy")}</Badge>
  ) : (
    <Badge tone="critical">{t("health.failing")}</Badge>
  );
}
