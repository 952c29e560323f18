// Suppliers: each vendor's (and each purchase-order supplier's) ordering terms, edited one by one
// or several at once, validated by domain/settings.ts. Saving marks the supplier's variants for a
// recompute, so their projections and reorder quantities move with the new terms.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  Checkbox,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineGrid,
  Modal,
  Page,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import {
  SUPPLIER_FIELDS,
  listSuppliers,
  saveSuppliers,
  type SupplierField,
  type SupplierRow,
} from "../dashboard/suppliers.server.ts";
import { fieldErrors, vendorOverrideSchema } from "../../domain/settings.ts";
import { NumberCell } from "../components/NumberCell.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { toast } from "../components/download.ts";
import { formatDays, formatNumber, formatPercent } from "../components/format.ts";

export const SUPPLIERS_COPY = {
  title: "Suppliers",
  subtitle:
    "Ordering terms per supplier. Every variant of its products uses them unless the variant sets its own; the shop's settings fill in the rest.",
  headings: [
    "Supplier",
    "Variants",
    "On its way",
    "Lead time",
    "Review period",
    "Minimum order",
    "Pack size",
    "Service level",
  ],
  shopDefault: "shop default",
  muted: "Muted",
  edit: "Edit",
  editSelected: "Edit terms",
  save: "Save",
  cancel: "Cancel",
  saved: (n: number) => (n === 1 ? "Supplier saved" : `${n} suppliers saved`),
  bulkHelp: "Fields left empty keep each supplier's current value.",
  oneHelp: "Leave a field empty to use the shop's setting.",
  empty: "No suppliers yet: vendors appear here once the catalog is imported.",
  labels: {
    leadTimeDays: "Lead time",
    reviewDays: "Review period",
    minOrderQty: "Minimum order quantity",
    packSize: "Pack size",
    serviceLevel: "Service level",
    threshold: "Low-stock threshold",
    muted: "Mute alerts for this supplier's products",
    mutedBulk: "Alerts",
  },
  keep: "Keep as is",
  mute: "Mute",
  unmute: "Unmute",
  planner: "Plan orders",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  return {
    suppliers: await listSuppliers(db(), shop.id),
    defaults: {
      leadTimeDays: shop.settings.leadTimeDays,
      reviewDays: shop.settings.reviewPeriodDays,
      serviceLevel: shop.settings.serviceLevel,
    },
  };
}

type ActionResult = { ok: true; saved: number } | { ok: false; errors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs): Promise<ActionResult> {
  const shop = await requireShop(request);
  const form = await request.formData();
  const names = form
    .getAll("name")
    .map(String)
    .filter((n) => n.trim() !== "")
    .slice(0, 1_000);
  if (names.length === 0) return { ok: false, errors: { _form: "Choose at least one supplier" } };
  const bulk = form.get("mode") === "bulk";
  // One supplier: every field as posted (empty = use the shop's). Several: only what was filled.
  const posted: Record<string, unknown> = { vendor: names[0] };
  const fields: SupplierField[] = [];
  for (const f of SUPPLIER_FIELDS) {
    const raw = form.get(f);
    if (f === "muted") {
      if (!bulk) posted.muted = raw ?? "false";
      else if (raw === "true" || raw === "false") posted.muted = raw;
      else continue;
    } else {
      if (bulk && (raw === null || String(raw).trim() === "")) continue;
      posted[f] = raw ?? "";
    }
    fields.push(f);
  }
  const parsed = vendorOverrideSchema.safeParse(posted);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const saved = await saveSuppliers(db(), shop.id, names, parsed.data, fields);
  return { ok: true, saved };
}

export default function Suppliers() {
  const { suppliers, defaults } = useLoaderData<typeof loader>();
  const c = SUPPLIERS_COPY;
  const resources = suppliers.map((s) => ({ ...s, id: s.name }));
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(resources);
  const [editing, setEditing] = useState<SupplierRow[] | null>(null);

  const shopDefault = (v: string) => `${v} (${c.shopDefault})`;
  return (
    <Page
      title={c.title}
      subtitle={c.subtitle}
      secondaryActions={[{ content: c.planner, url: "/app/reorder" }]}
    >
      <BlockStack gap="400">
        <Card padding="0">
          {suppliers.length === 0 ? (
            <EmptyState heading={c.title} image="">
              <p>{c.empty}</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "supplier", plural: "suppliers" }}
              itemCount={suppliers.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              headings={[
                { title: c.headings[0] },
                { title: c.headings[1], alignment: "end" },
                { title: c.headings[2], alignment: "end" },
                { title: c.headings[3], alignment: "end" },
                { title: c.headings[4], alignment: "end" },
                { title: c.headings[5], alignment: "end" },
                { title: c.headings[6], alignment: "end" },
                { title: c.headings[7], alignment: "end" },
                { title: "", hidden: true },
              ]}
              promotedBulkActions={[
                {
                  content: c.editSelected,
                  onAction: () =>
                    setEditing(
                      suppliers.filter(
                        (s) => allResourcesSelected || selectedResources.includes(s.name),
                      ),
                    ),
                },
              ]}
            >
              {suppliers.map((s, i) => (
                <IndexTable.Row
                  id={s.name}
                  key={s.name}
                  position={i}
                  selected={allResourcesSelected || selectedResources.includes(s.name)}
                >
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {s.name}
                    </Text>{" "}
                    {s.muted ? <Badge size="small">{c.muted}</Badge> : null}
                  </IndexTable.Cell>
                  <NumberCell>{formatNumber(s.variants)}</NumberCell>
                  <NumberCell>{s.onOrder ? formatNumber(s.onOrder) : "—"}</NumberCell>
                  <NumberCell>
                    {s.leadTimeDays === null
                      ? shopDefault(formatDays(defaults.leadTimeDays))
                      : formatDays(s.leadTimeDays)}
                  </NumberCell>
                  <NumberCell>
                    {s.reviewDays === null
                      ? shopDefault(formatDays(defaults.reviewDays))
                      : formatDays(s.reviewDays)}
                  </NumberCell>
                  <NumberCell>{s.minOrderQty ? formatNumber(s.minOrderQty) : "—"}</NumberCell>
                  <NumberCell>{s.packSize ? formatNumber(s.packSize) : "—"}</NumberCell>
                  <NumberCell>
                    {s.serviceLevel === null
                      ? shopDefault(formatPercent(defaults.serviceLevel))
                      : formatPercent(s.serviceLevel)}
                  </NumberCell>
                  <IndexTable.Cell>
                    <Button
                      size="slim"
                      onClick={() => setEditing([s])}
                      accessibilityLabel={`${c.edit} ${s.name}`}
                    >
                      {c.edit}
                    </Button>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Text as="p" variant="bodySm" tone="subdued">
          <RemixLink to="/app/settings">Shop settings</RemixLink> hold the defaults; a
          variant&apos;s own page can override its supplier&apos;s terms.
        </Text>
      </BlockStack>
      {editing ? (
        <SupplierModal
          suppliers={editing}
          onClose={() => setEditing(null)}
          onSaved={(n) => {
            toast(c.saved(n));
            setEditing(null);
            clearSelection();
          }}
        />
      ) : null}
    </Page>
  );
}

const NUMBER_FIELDS = [
  ["leadTimeDays", "days"],
  ["reviewDays", "days"],
  ["minOrderQty", "units"],
  ["packSize", "units"],
  ["serviceLevel", ""],
  ["threshold", "units"],
] as const;

function SupplierModal(props: {
  suppliers: SupplierRow[];
  onClose: () => void;
  onSaved: (n: number) => void;
}) {
  const c = SUPPLIERS_COPY;
  const fetcher = useFetcher<typeof action>();
  const bulk = props.suppliers.length > 1;
  const one = props.suppliers[0]!;
  const initial = (f: (typeof NUMBER_FIELDS)[number][0]) =>
    bulk || one[f] === null ? "" : String(one[f]);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(NUMBER_FIELDS.map(([f]) => [f, initial(f)])),
  );
  const [muted, setMuted] = useState(bulk ? "keep" : String(one.muted));
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const { onSaved } = props;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) onSaved(fetcher.data.saved);
  }, [fetcher.state, fetcher.data, onSaved]);

  const submit = () => {
    const form = new FormData();
    for (const s of props.suppliers) form.append("name", s.name);
    form.set("mode", bulk ? "bulk" : "one");
    for (const [f] of NUMBER_FIELDS) form.set(f, values[f] ?? "");
    if (!bulk || muted !== "keep") form.set("muted", muted);
    fetcher.submit(form, { method: "post" });
  };
  return (
    <Modal
      open
      onClose={props.onClose}
      title={bulk ? `${c.editSelected}: ${props.suppliers.length} suppliers` : one.name}
      primaryAction={{ content: c.save, onAction: submit, loading: fetcher.state !== "idle" }}
      secondaryActions={[{ content: c.cancel, onAction: props.onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          <Text as="p" tone="subdued">
            {bulk ? c.bulkHelp : c.oneHelp}
          </Text>
          {errors._form ? (
            <Text as="p" tone="critical">
              {errors._form}
            </Text>
          ) : null}
          <InlineGrid columns={2} gap="300">
            {NUMBER_FIELDS.map(([f, unit]) => (
              <TextField
                key={f}
                label={c.labels[f]}
                name={f}
                type="number"
                autoComplete="off"
                suffix={unit || undefined}
                step={f === "serviceLevel" ? 0.01 : 1}
                placeholder={f === "serviceLevel" ? "0.95" : undefined}
                value={values[f]}
                onChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
                error={errors[f]}
              />
            ))}
          </InlineGrid>
          {bulk ? (
            <Select
              label={c.labels.mutedBulk}
              options={[
                { label: c.keep, value: "keep" },
                { label: c.mute, value: "true" },
                { label: c.unmute, value: "false" },
              ]}
              value={muted}
              onChange={setMuted}
            />
          ) : (
            <Checkbox
              label={c.labels.muted}
              checked={muted === "true"}
              onChange={(v) => setMuted(String(v))}
            />
          )}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}

export function ErrorBoundary() {
  return <RouteError title={SUPPLIERS_COPY.title} />;
}
