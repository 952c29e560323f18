// Google Sheets rows: one row per alert step, with raw values a spreadsheet can sort and sum
// (numbers as numbers, dates as YYYY-MM-DD, the time in the shop's zone). Written with
// valueInputOption RAW, so a product title starting with "=" stays text, never a formula.
import { alertCopy } from "../../domain/messages/copy.ts";
import type { DigestView } from "../../domain/messages/digest.ts";
import { tOf, type AlertView } from "../../domain/messages/view.ts";
import type { T } from "../../i18n/index.ts";

export type Cell = string | number;
export type SheetRows = { header: string[]; rows: Cell[][] };

export const SHEET_COLUMNS = [
  "time",
  "shop",
  "product",
  "sku",
  "alert",
  "step",
  "severity",
  "location",
  "inStock",
  "perDay",
  "runsOut",
  "reorder",
  "risk",
  "currency",
  "link",
  "id",
] as const;

export function sheetHeader(t: T): string[] {
  return SHEET_COLUMNS.map((c) => t(`sheets.header.${c}`));
}

// "2026-11-21 09:05" in the shop's time zone.
export function localTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export function alertRow(v: AlertView): Cell[] {
  const c = alertCopy(v);
  const t = tOf(v.shop);
  const f = v.facts;
  const range =
    f.stockoutP10 && f.stockoutP90 && v.step !== "resolve"
      ? f.stockoutP10 === f.stockoutP90
        ? f.stockoutP10
        : `${f.stockoutP10} – ${f.stockoutP90}`
      : "";
  const stepId = v.step === "escalate" ? `escalate:${v.severity}` : v.step;
  return [
    localTime(v.at, v.shop.timeZone),
    v.shop.name,
    c.name,
    v.variant.sku ?? "",
    t(`sheets.kind.${v.kind}`),
    t(`sheets.step.${v.test ? "test" : v.step}`),
    t(`sheets.severity.${v.severity}`),
    v.location?.name ?? t("sheets.allLocations"),
    f.available,
    round(f.velocity, 2),
    range,
    f.suggestedQty ?? "",
    round(v.revenueAtRisk, 2),
    v.shop.currency,
    c.links.admin,
    v.test ? `test:${v.at.getTime()}` : `${v.episodeId}:${stepId}`,
  ];
}

export function renderAlertSheets(v: AlertView): SheetRows {
  return { header: sheetHeader(tOf(v.shop)), rows: [alertRow(v)] };
}

// A digest is a batch of rows: one append for all of them.
export function renderDigestSheets(d: DigestView): SheetRows {
  return { header: sheetHeader(tOf(d.shop)), rows: d.items.map(alertRow) };
}
