// One purchase order: edit a draft's quantities (rounded to the supplier's pack size and
// minimum), download it as CSV or print it for the supplier, create it in the Shopify admin,
// mark it ordered (its lines become stock on its way in every projection) and received.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineStack,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { db, requireShop } from "../dashboard/context.server.ts";
import {
  cancelOrder,
  loadOrder,
  markOrdered,
  markReceived,
  saveDraftLines,
} from "../dashboard/purchase-orders.server.ts";
import { lineTotal, orderTotal } from "../../domain/purchasing/order.ts";
import { RouteError } from "../components/RouteError.tsx";
import { downloadFile, toast } from "../components/download.ts";
import { formatDay, formatMoney, formatNumber } from "../components/format.ts";
import { StatusBadge } from "./app.reorder.tsx";

export const ORDER_COPY = {
  title: (ref: string, supplier: string) => `${ref} · ${supplier}`,
  back: "Reorder planner",
  csv: "Download CSV",
  print: "Print",
  shopify: "Create in Shopify admin",
  headings: ["Variant", "SKU", "Supplier SKU", "Quantity", "Unit cost", "Total"],
  terms: (pack: number, moq: number) =>
    [pack > 1 ? `packs of ${pack}` : "", moq > 0 ? `min ${moq}` : ""].filter(Boolean).join(", "),
  total: "Total",
  unknownCost: (n: number) => `${n} line${n === 1 ? "" : "s"} without a unit cost`,
  save: "Save changes",
  saved: "Purchase order saved",
  ordered: "Mark as ordered",
  orderedDone: "Marked as ordered: it now counts as stock on its way",
  expected: "Expected arrival",
  expectedHelp: "Leave empty to expect it after the supplier's lead time.",
  reference: "Your reference",
  received: "Mark as received",
  receivedDone: "Marked as received",
  receivedHelp:
    "Receive the goods in Shopify too: that is what raises the stock. This closes the order here.",
  cancel: "Cancel order",
  cancelled: "Order cancelled",
  orderedBanner: (on: string | null) =>
    `Ordered${on ? `, expected ${on}` : ""}: its lines count as stock on its way in every forecast.`,
  printHeader: "Purchase order",
  printSupplier: "Supplier",
  printDate: "Date",
  invalid: "Enter whole numbers of units",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  const order = await loadOrder(db(), shop.id, params.id ?? "");
  if (!order) throw new Response("Purchase order not found", { status: 404 });
  return {
    order,
    shop: {
      currency: shop.currency,
      handle: shop.domain.replace(/\.myshopify\.com$/, ""),
      name: shop.name ?? shop.domain,
      today: shop.today,
    },
  };
}

type Result = { ok: boolean; message?: string; errors?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs): Promise<Result> {
  const shop = await requireShop(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "save") {
    const edits = [];
    const errors: Record<string, string> = {};
    for (const [key, value] of form.entries()) {
      const m = /^qty\.(\d{1,19})$/.exec(key);
      if (!m) continue;
      const raw = String(value).trim();
      if (!/^\d{1,7}$/.test(raw)) {
        errors[key] = ORDER_COPY.invalid;
        continue;
      }
      const sku = String(form.get(`sku.${m[1]}`) ?? "").trim();
      edits.push({
        variantId: m[1]!,
        quantity: Number(raw),
        supplierSku: sku ? sku.slice(0, 100) : null,
      });
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    const ok = await saveDraftLines(db(), shop.id, id, edits);
    return ok ? { ok, message: ORDER_COPY.saved } : { ok, message: "Only drafts can be edited" };
  }
  if (intent === "ordered") {
    const expected = String(form.get("expectedOn") ?? "").trim();
    if (expected && (!/^\d{4}-\d{2}-\d{2}$/.test(expected) || expected < shop.today))
      return { ok: false, errors: { expectedOn: "Enter a date from today on" } };
    const reference =
      String(form.get("reference") ?? "")
        .trim()
        .slice(0, 60) || null;
    const ok = await markOrdered(db(), shop.id, id, expected || null, reference);
    return { ok, message: ok ? ORDER_COPY.orderedDone : "Only drafts can be ordered" };
  }
  if (intent === "received") {
    const ok = await markReceived(db(), shop.id, id);
    return { ok, message: ok ? ORDER_COPY.receivedDone : "Only ordered orders can be received" };
  }
  if (intent === "cancel") {
    const ok = await cancelOrder(db(), shop.id, id);
    return { ok, message: ok ? ORDER_COPY.cancelled : "This order cannot be cancelled" };
  }
  return { ok: false, message: "Unknown action" };
}

export default function PurchaseOrderPage() {
  const { order, shop } = useLoaderData<typeof loader>();
  const c = ORDER_COPY;
  const fetcher = useFetcher<typeof action>();
  const draft = order.status === "draft";
  const money = (n: number | null) => (n === null ? "—" : formatMoney(n, shop.currency));
  const [qty, setQty] = useState<Record<string, string>>({});
  const [sku, setSku] = useState<Record<string, string>>({});
  const [expectedOn, setExpectedOn] = useState("");
  const [reference, setReference] = useState("");
  useEffect(() => {
    setQty(Object.fromEntries(order.orderLines.map((l) => [l.variantId, String(l.quantity)])));
    setSku(Object.fromEntries(order.orderLines.map((l) => [l.variantId, l.supplierSku ?? ""])));
  }, [order]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.message)
      toast(fetcher.data.message, !fetcher.data.ok);
  }, [fetcher.state, fetcher.data]);
  const errors = fetcher.data?.errors ?? {};
  const totals = orderTotal(order.orderLines);
  const ref = order.reference ?? `PO-${order.id}`;

  const submit = (intent: string, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("intent", intent);
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    if (intent === "save")
      for (const l of order.orderLines) {
        form.set(`qty.${l.variantId}`, qty[l.variantId] ?? String(l.quantity));
        form.set(`sku.${l.variantId}`, sku[l.variantId] ?? "");
      }
    fetcher.submit(form, { method: "post" });
  };

  return (
    <Page
      backAction={{ content: c.back, url: "/app/reorder" }}
      title={c.title(ref, order.supplier)}
      titleMetadata={<StatusBadge status={order.status} />}
      secondaryActions={[
        {
          content: c.csv,
          onAction: () =>
            void downloadFile(`/app/reorder/${order.id}/csv`, `po-${order.id}.csv`).catch((e) =>
              toast(String(e), true),
            ),
        },
        { content: c.print, onAction: () => window.print() },
        {
          content: c.shopify,
          url: `https://admin.shopify.com/store/${shop.handle}/purchase_orders/new`,
          target: "_blank",
        },
      ]}
    >
      <style>{PRINT_CSS}</style>
      <BlockStack gap="400">
        {order.status === "ordered" ? (
          <Banner tone="info">
            <p>{c.orderedBanner(order.expectedOn ? formatDay(order.expectedOn, true) : null)}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <DataTable
            columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric"]}
            headings={[...c.headings]}
            rows={order.orderLines.map((l) => [
              `${l.product}${l.variant && l.variant !== "Default Title" ? ` – ${l.variant}` : ""}`,
              l.sku ?? "—",
              draft ? (
                <TextField
                  key="s"
                  label={`${c.headings[2]}: ${l.product}`}
                  labelHidden
                  autoComplete="off"
                  value={sku[l.variantId] ?? ""}
                  onChange={(v) => setSku((o) => ({ ...o, [l.variantId]: v }))}
                />
              ) : (
                (l.supplierSku ?? "—")
              ),
              draft ? (
                <div key="q" style={{ minWidth: 110 }}>
                  <TextField
                    label={`${c.headings[3]}: ${l.product} ${l.variant}`}
                    labelHidden
                    type="number"
                    min={0}
                    autoComplete="off"
                    value={qty[l.variantId] ?? ""}
                    onChange={(v) => setQty((o) => ({ ...o, [l.variantId]: v }))}
                    helpText={c.terms(l.packSize, l.minOrderQty) || undefined}
                    error={errors[`qty.${l.variantId}`]}
                  />
                </div>
              ) : (
                formatNumber(l.quantity)
              ),
              money(l.unitCost),
              money(lineTotal(l)),
            ])}
            totals={["", "", "", formatNumber(totals.units), "", money(totals.cost)]}
            showTotalsInFooter
            totalsName={{ singular: c.total, plural: c.total }}
          />
        </Card>
        {totals.unknownCost > 0 ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {c.unknownCost(totals.unknownCost)}
          </Text>
        ) : null}
        {draft ? (
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200">
                <Button onClick={() => submit("save")} loading={fetcher.state !== "idle"}>
                  {c.save}
                </Button>
              </InlineStack>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    label={c.expected}
                    type="date"
                    autoComplete="off"
                    value={expectedOn}
                    onChange={setExpectedOn}
                    helpText={c.expectedHelp}
                    error={errors.expectedOn}
                  />
                  <TextField
                    label={c.reference}
                    autoComplete="off"
                    value={reference}
                    onChange={setReference}
                  />
                </FormLayout.Group>
              </FormLayout>
              <InlineStack gap="200">
                <Button
                  variant="primary"
                  onClick={() => submit("ordered", { expectedOn, reference })}
                >
                  {c.ordered}
                </Button>
                <Button tone="critical" variant="plain" onClick={() => submit("cancel")}>
                  {c.cancel}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        ) : order.status === "ordered" ? (
          <Card>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                {c.receivedHelp}
              </Text>
              <InlineStack gap="200">
                <Button variant="primary" onClick={() => submit("received")}>
                  {c.received}
                </Button>
                <Button tone="critical" variant="plain" onClick={() => submit("cancel")}>
                  {c.cancel}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        ) : null}
      </BlockStack>
      <PrintableOrder order={order} shopName={shop.name} today={shop.today} money={money} />
    </Page>
  );
}

// What the supplier gets on paper: only this is printed (PRINT_CSS).
function PrintableOrder(props: {
  order: ReturnType<typeof useLoaderData<typeof loader>>["order"];
  shopName: string;
  today: string;
  money: (n: number | null) => string;
}) {
  const c = ORDER_COPY;
  const o = props.order;
  const totals = orderTotal(o.orderLines);
  return (
    <section className="po-print" aria-hidden="true">
      <h1>
        {c.printHeader} {o.reference ?? `PO-${o.id}`}
      </h1>
      <p>
        {props.shopName} · {c.printSupplier}: {o.supplier} · {c.printDate}:{" "}
        {formatDay(props.today, true)}
        {o.expectedOn ? ` · ${c.expected}: ${formatDay(o.expectedOn, true)}` : ""}
      </p>
      <table>
        <thead>
          <tr>
            {c.headings.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {o.orderLines.map((l) => (
            <tr key={l.variantId}>
              <td>
                {l.product}
                {l.variant && l.variant !== "Default Title" ? ` – ${l.variant}` : ""}
              </td>
              <td>{l.sku ?? ""}</td>
              <td>{l.supplierSku ?? ""}</td>
              <td>{formatNumber(l.quantity)}</td>
              <td>{props.money(l.unitCost)}</td>
              <td>{props.money(lineTotal(l))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>{c.total}</td>
            <td>{formatNumber(totals.units)}</td>
            <td />
            <td>{props.money(totals.cost)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

const PRINT_CSS = `
.po-print { display: none; }
@media print {
  body * { visibility: hidden; }
  .po-print, .po-print * { visibility: visible; }
  .po-print { display: block; position: absolute; inset: 0; padding: 24px; font: 12px/1.4 sans-serif; }
  .po-print table { width: 100%; border-collapse: collapse; }
  .po-print th, .po-print td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: left; }
}`;

export function ErrorBoundary() {
  return <RouteError title="Purchase order" />;
}
