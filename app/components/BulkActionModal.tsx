// The two bulk actions that need a value: how long to snooze, and which lead time to set.
import { useEffect, useState } from "react";
import { FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";

export type BulkPrompt = "snooze" | "leadTime" | null;

export function BulkActionModal(props: {
  prompt: BulkPrompt;
  count: string; // "12 variants" / "all 340 variants"
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onSubmit: (values: Record<string, string>) => void;
}) {
  const [days, setDays] = useState("7");
  const [leadTime, setLeadTime] = useState("");
  useEffect(() => {
    if (props.prompt) setLeadTime("");
  }, [props.prompt]);
  const snooze = props.prompt === "snooze";
  return (
    <Modal
      open={props.prompt !== null}
      onClose={props.onClose}
      title={snooze ? "Snooze alerts" : "Set lead time"}
      primaryAction={{
        content: snooze ? "Snooze" : "Set lead time",
        loading: props.busy,
        onAction: () =>
          props.onSubmit(snooze ? { action: "snooze", days } : { action: "leadTime", leadTime }),
      }}
      secondaryActions={[{ content: "Cancel", onAction: props.onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          <Text as="p">For {props.count}.</Text>
          {snooze ? (
            <Select
              label="Snooze for"
              options={[
                { label: "1 day", value: "1" },
                { label: "3 days", value: "3" },
                { label: "7 days", value: "7" },
                { label: "14 days", value: "14" },
                { label: "30 days", value: "30" },
              ]}
              value={days}
              onChange={setDays}
              error={props.error ?? undefined}
            />
          ) : (
            <TextField
              label="Supplier lead time"
              type="number"
              suffix="days"
              autoComplete="off"
              value={leadTime}
              onChange={setLeadTime}
              helpText="Leave empty to use the vendor's or the shop's lead time again."
              error={props.error ?? undefined}
            />
          )}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
