// Stock on its way, as the forecast, the dashboard and the alerts see it: every line still to
// arrive gets a date and a quantity. The date is the carrier's estimate (a shipment's
// tracking.arrivesAt) or the merchant's expected date, else the day it was ordered, shipped or
// created plus the supplier's lead time, else plus the variant's own lead time (its override,
// its vendor's or the shop's). Pure: the worker and the dashboard load the lines.
import { addDays, daysBetween } from "../forecast/dates.ts";
import type { Arrival } from "../forecast/types.ts";

export const INCOMING_SOURCES = [
  "shipment", // a shipment in transit on an inbound transfer (may carry tracking)
  "transfer", // the part of an inbound transfer not shipped yet
  "purchase_order", // a Shopify purchase order (API versions that offer them)
  "app_order", // a purchase order marked ordered in this app (planner or Stocky import)
  "incoming", // Shopify's "incoming" quantity that no document we read accounts for
] as const;
export type IncomingSource = (typeof INCOMING_SOURCES)[number];

export type IncomingLine = {
  source: IncomingSource;
  name: string; // the document's name (#T0012, PO-7), or "" for the unexplained remainder
  quantity: number; // still to arrive
  locationId: string; // destination; "0" = not known
  supplier: string | null;
  orderedOn: string | null; // YYYY-MM-DD in the shop's time zone
  arrivesOn: string | null; // the carrier's or the merchant's expected date
};

export type DateBasis = "tracking" | "expected" | "supplier_lead_time" | "lead_time";

export type DatedArrival = IncomingLine & {
  expectedOn: string; // YYYY-MM-DD
  basis: DateBasis;
  overdue: boolean; // its date has passed and it has not arrived: expected any day now
};

export type DatingRules = {
  today: string; // YYYY-MM-DD in the shop's time zone
  leadTimeDays: number; // the variant's effective lead time
  supplierLeadTime: (supplier: string) => number | null; // a supplier's own, when set
};

export function dateArrival(line: IncomingLine, r: DatingRules): DatedArrival {
  let expectedOn: string;
  let basis: DateBasis;
  if (line.arrivesOn) {
    expectedOn = line.arrivesOn;
    basis = line.source === "shipment" ? "tracking" : "expected";
  } else {
    const supplierLead = line.supplier === null ? null : r.supplierLeadTime(line.supplier);
    const lead = supplierLead ?? r.leadTimeDays;
    expectedOn = addDays(line.orderedOn ?? r.today, lead);
    basis = supplierLead === null ? "lead_time" : "supplier_lead_time";
  }
  const overdue = expectedOn < r.today;
  return { ...line, expectedOn: overdue ? r.today : expectedOn, basis, overdue };
}

// Shopify's incoming quantity per location covers transfers, shipments and its purchase orders;
// what our documents do not account for becomes one undated line per location (ordered today:
// expected after the lead time). Orders recorded in this app may also have been entered in
// Shopify: they count against the remainder too, so nothing is counted twice.
export function withUnexplainedIncoming(
  lines: IncomingLine[],
  incomingByLocation: ReadonlyMap<string, number>,
): IncomingLine[] {
  const explained = new Map<string, number>();
  for (const l of lines)
    explained.set(l.locationId, (explained.get(l.locationId) ?? 0) + l.quantity);
  // Lines without a destination explain incoming stock wherever it is expected.
  let unplaced = explained.get("0") ?? 0;
  const out = [...lines];
  for (const [locationId, incoming] of incomingByLocation) {
    let rest = incoming - (explained.get(locationId) ?? 0);
    const take = Math.min(Math.max(0, rest), unplaced);
    rest -= take;
    unplaced -= take;
    if (rest > 0)
      out.push({
        source: "incoming",
        name: "",
        quantity: rest,
        locationId,
        supplier: null,
        orderedOn: null,
        arrivesOn: null,
      });
  }
  return out;
}

// Soonest first; ties by source and name so pages and tests see one order.
export function datedArrivals(
  lines: IncomingLine[],
  incomingByLocation: ReadonlyMap<string, number>,
  r: DatingRules,
): DatedArrival[] {
  return withUnexplainedIncoming(
    lines.filter((l) => l.quantity > 0),
    incomingByLocation,
  )
    .map((l) => dateArrival(l, r))
    .sort(
      (a, b) =>
        a.expectedOn.localeCompare(b.expectedOn) ||
        a.source.localeCompare(b.source) ||
        a.name.localeCompare(b.name),
    );
}

// The forecast's arrivals, as days after its as-of day (the last complete day: today is day 1).
export function forecastArrivals(arrivals: DatedArrival[], asOf: string): Arrival[] {
  return arrivals.map((a) => ({
    day: Math.max(1, daysBetween(asOf, a.expectedOn)),
    quantity: a.quantity,
  }));
}

export function totalIncoming(arrivals: DatedArrival[]): number {
  return arrivals.reduce((n, a) => n + a.quantity, 0);
}
