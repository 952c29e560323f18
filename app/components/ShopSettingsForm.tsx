// Every shop setting of the alert policy (domain/settings.ts shopSettingsSchema), with the
// server's field errors shown inline under each field.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { toast } from "./download.ts";
import type { StockoutQuantile } from "../../domain/settings.ts";
import { KIND_LABEL } from "./format.ts";

export type SettingsValues = {
  lowStockThreshold: number;
  alertHorizonDays: number;
  stockoutQuantile: StockoutQuantile;
  leadTimeDays: number;
  serviceLevel: number;
  reviewPeriodDays: number;
  targetCoverDays: number;
  deadStockDays: number;
  alertKinds: Record<string, boolean>;
  cooldownMinutes: number;
  notifyOnResolve: boolean;
};

type FormState = Record<string, string | boolean>;

function toForm(s: SettingsValues): FormState {
  const out: FormState = {
    lowStockThreshold: String(s.lowStockThreshold),
    alertHorizonDays: String(s.alertHorizonDays),
    stockoutQuantile: s.stockoutQuantile,
    leadTimeDays: String(s.leadTimeDays),
    serviceLevel: String(s.serviceLevel),
    reviewPeriodDays: String(s.reviewPeriodDays),
    targetCoverDays: String(s.targetCoverDays),
    deadStockDays: String(s.deadStockDays),
    cooldownMinutes: String(s.cooldownMinutes),
    notifyOnResolve: s.notifyOnResolve,
  };
  for (const [k, v] of Object.entries(s.alertKinds)) out[`alertKinds.${k}`] = v;
  return out;
}

type Result = { intent: string; ok: boolean; errors?: Record<string, string> };

export function ShopSettingsForm({ settings }: { settings: SettingsValues }) {
  const fetcher = useFetcher<Result>();
  const [values, setValues] = useState(() => toForm(settings));
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.errors ?? {}) : {};
  const dirty = JSON.stringify(values) !== JSON.stringify(toForm(settings));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) toast("Settings saved");
  }, [fetcher.state, fetcher.data]);
  const text = (key: string) => String(values[key] ?? "");
  const set = (key: string) => (v: string | boolean) => setValues((s) => ({ ...s, [key]: v }));
  const num = (key: string, label: string, suffix: string, help: string) => (
    <TextField
      label={label}
      type="number"
      autoComplete="off"
      suffix={suffix}
      value={text(key)}
      onChange={set(key)}
      error={errors[key]}
      helpText={help}
      name={key}
    />
  );
  const save = () => {
    const body: Record<string, string> = { _intent: "settings" };
    for (const [k, v] of Object.entries(values)) body[k] = String(v);
    fetcher.submit(body, { method: "post" });
  };
  const count = Object.keys(errors).length;
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Alert policy
          </Text>
          {count > 0 ? (
            <Banner
              tone="critical"
              title={`${count} field${count === 1 ? " needs" : "s need"} attention`}
            >
              <p>Nothing was saved. Fix the highlighted fields and save again.</p>
            </Banner>
          ) : null}
          <FormLayout>
            <FormLayout.Group>
              {num(
                "lowStockThreshold",
                "Low-stock threshold",
                "units",
                "Alert when stock falls to this many units",
              )}
              {num(
                "leadTimeDays",
                "Default lead time",
                "days",
                "Days from placing an order to receiving it",
              )}
            </FormLayout.Group>
            <FormLayout.Group>
              {num(
                "alertHorizonDays",
                "Alert horizon",
                "days",
                "Alert when the stockout date is within lead time + this",
              )}
              <Select
                label="Stockout date used for alerts"
                name="stockoutQuantile"
                options={[
                  { label: "Early, balanced (P25, recommended)", value: "p25" },
                  { label: "Most likely date (P50)", value: "p50" },
                  { label: "Early end of the range (P10)", value: "p10" },
                ]}
                value={text("stockoutQuantile")}
                onChange={set("stockoutQuantile")}
                error={errors.stockoutQuantile}
                helpText="P25 warns about 7 in 10 stockouts in time to reorder; P10 sooner and more often, P50 later and less often"
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label="Service level"
                type="number"
                step={0.01}
                autoComplete="off"
                value={text("serviceLevel")}
                onChange={set("serviceLevel")}
                error={errors.serviceLevel}
                helpText="Chance that stock covers demand until a reorder arrives (0.95 = 95%)"
                name="serviceLevel"
              />
              {num("reviewPeriodDays", "Review period", "days", "How often you place orders")}
            </FormLayout.Group>
            <FormLayout.Group>
              {num("targetCoverDays", "Target cover", "days", "An order should last this long")}
              {num(
                "deadStockDays",
                "Dead-stock period",
                "days",
                "No sale for this long, with stock: dead stock",
              )}
            </FormLayout.Group>
            {num(
              "cooldownMinutes",
              "Cooldown",
              "minutes",
              "A resolved alert cannot re-open for this long",
            )}
          </FormLayout>
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Alert kinds
            </Text>
            <InlineStack gap="400" wrap>
              {Object.keys(KIND_LABEL).map((k) => (
                <Checkbox
                  key={k}
                  label={KIND_LABEL[k]}
                  checked={Boolean(values[`alertKinds.${k}`])}
                  onChange={set(`alertKinds.${k}`)}
                  error={errors[`alertKinds.${k}`]}
                />
              ))}
            </InlineStack>
            <Checkbox
              label="Say when an alert resolves (instant channels that received it)"
              checked={Boolean(values.notifyOnResolve)}
              onChange={set("notifyOnResolve")}
            />
          </BlockStack>
          <Box>
            <InlineStack gap="200">
              <Button
                submit
                variant="primary"
                loading={fetcher.state !== "idle"}
                disabled={!dirty && count === 0}
              >
                Save settings
              </Button>
              <Button onClick={() => setValues(toForm(settings))} disabled={!dirty}>
                Discard changes
              </Button>
            </InlineStack>
          </Box>
        </BlockStack>
      </form>
    </Card>
  );
}
