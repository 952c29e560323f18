// Stocky leftovers: suppliers and open purchase orders from a CSV file. Bad rows are listed with
// their line and reason and nothing is imported until the file is clean.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher } from "@remix-run/react";
import { useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DropZone,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import { writeImport } from "../dashboard/stocky-import.server.ts";
import {
  ORDER_COLUMNS,
  SUPPLIER_COLUMNS,
  parseImport,
  type ImportKind,
  type RowError,
} from "../../domain/purchasing/stocky-import.ts";
import { RouteError } from "../components/RouteError.tsx";

const MAX_BYTES = 5 * 1024 * 1024;

export const IMPORT_COPY = {
  title: "Import from Stocky",
  back: "Reorder planner",
  intro:
    "Bring your suppliers and open purchase orders over from Stocky: export them as CSV, then import them here. Open orders count as stock on its way straight away.",
  kind: "What the file holds",
  kinds: { suppliers: "Suppliers", purchase_orders: "Open purchase orders" },
  columns: "Columns (first row)",
  required: "required",
  file: "CSV file",
  paste: "…or paste the CSV",
  submit: "Import",
  badRows: (n: number) => `${n} row${n === 1 ? "" : "s"} to fix: nothing was imported`,
  done: (n: number, kind: ImportKind) =>
    `Imported ${n} ${kind === "suppliers" ? (n === 1 ? "supplier" : "suppliers") : n === 1 ? "purchase order" : "purchase orders"}.`,
  line: (l: number, reason: string) => `Line ${l}: ${reason}`,
  tooBig: "The file is larger than 5 MB",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireShop(request);
  return null;
}

type Result = { imported: number; kind: ImportKind; errors: RowError[] };

export async function action({ request }: ActionFunctionArgs): Promise<Result> {
  const shop = await requireShop(request);
  const form = await request.formData();
  const kind: ImportKind = form.get("kind") === "suppliers" ? "suppliers" : "purchase_orders";
  const csv = String(form.get("csv") ?? "");
  if (csv.length > MAX_BYTES)
    return { imported: 0, kind, errors: [{ line: 1, reason: IMPORT_COPY.tooBig }] };
  const outcome = await writeImport(db(), shop, parseImport(kind, csv));
  return { ...outcome, kind };
}

export default function StockyImport() {
  const c = IMPORT_COPY;
  const fetcher = useFetcher<typeof action>();
  const [kind, setKind] = useState<ImportKind>("purchase_orders");
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const columns = kind === "suppliers" ? SUPPLIER_COLUMNS : ORDER_COLUMNS;
  const required = kind === "suppliers" ? 1 : 4;
  return (
    <Page backAction={{ content: c.back, url: "/app/reorder" }} title={c.title}>
      <BlockStack gap="400">
        {result && result.errors.length > 0 ? (
          <Banner tone="critical" title={c.badRows(result.errors.length)}>
            <List>
              {result.errors.slice(0, 50).map((e) => (
                <List.Item key={`${e.line}-${e.reason}`}>{c.line(e.line, e.reason)}</List.Item>
              ))}
            </List>
          </Banner>
        ) : result ? (
          <Banner tone="success" title={c.done(result.imported, result.kind)} />
        ) : null}
        <Card>
          <BlockStack gap="400">
            <Text as="p">{c.intro}</Text>
            <Select
              label={c.kind}
              options={[
                { label: c.kinds.purchase_orders, value: "purchase_orders" },
                { label: c.kinds.suppliers, value: "suppliers" },
              ]}
              value={kind}
              onChange={(v) => setKind(v as ImportKind)}
            />
            <BlockStack gap="100">
              <Text as="p" tone="subdued">
                {c.columns}:
              </Text>
              <Text as="p">
                <code>
                  {columns
                    .map((col, i) => (i < required ? `${col} (${c.required})` : col))
                    .join(", ")}
                </code>
              </Text>
            </BlockStack>
            <DropZone
              label={c.file}
              accept=".csv,text/csv"
              allowMultiple={false}
              onDrop={(files) => {
                const f = files[0];
                if (!f) return;
                setFileName(f.name);
                void f.text().then(setCsv);
              }}
            >
              {fileName ? <Text as="p">{fileName}</Text> : <DropZone.FileUpload />}
            </DropZone>
            <TextField
              label={c.paste}
              multiline={6}
              autoComplete="off"
              value={csv}
              onChange={(v) => {
                setCsv(v);
                setFileName(null);
              }}
              monospaced
            />
            <Button
              variant="primary"
              disabled={csv.trim() === ""}
              loading={fetcher.state !== "idle"}
              onClick={() => fetcher.submit({ kind, csv }, { method: "post" })}
            >
              {c.submit}
            </Button>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title={IMPORT_COPY.title} />;
}
