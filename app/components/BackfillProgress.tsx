import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";

const PHASE: Record<string, string> = {
  queued: "Waiting to start",
  shop: "Reading your shop's settings",
  locations: "Reading locations",
  catalog: "Reading products, variants and stock",
  orders: "Reading orders and refunds",
  derive: "Computing daily sales and stock history",
  forecast: "Forecasting every variant",
};

export function backfillRunning(phase: string | null): boolean {
  return Boolean(phase && phase !== "done" && phase !== "failed");
}

// Shown while the install's history backfill runs (shops.backfill_phase / backfill_pct).
export function BackfillProgress(props: {
  phase: string | null;
  pct: number;
  error: string | null;
}) {
  const { phase, pct, error } = props;
  const running = backfillRunning(phase);
  // While it runs, reload the page's data every few seconds: the bar moves, numbers fill in.
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!running || state !== "idle") return;
    const t = setTimeout(revalidate, 3000);
    return () => clearTimeout(t);
  }, [running, state, revalidate, pct, phase]);
  if (!phase || phase === "done") return null;
  if (phase === "failed")
    return (
      <Banner tone="critical" title="Importing your store's history failed">
        <p>{error ?? "The import stopped. It will be retried automatically."}</p>
      </Banner>
    );
  return (
    <Banner tone="info" title="Importing your store's history">
      <BlockStack gap="200">
        <Text as="p">
          {PHASE[phase] ?? phase} — {pct}%. Forecasts fill in as soon as it finishes.
        </Text>
        <ProgressBar progress={Math.max(2, Math.min(100, pct))} size="small" ariaLabelledBy="" />
      </BlockStack>
    </Banner>
  );
}
