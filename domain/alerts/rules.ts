// Alert rules: one variant's current state → the condition of every (location, kind) key.
// Pure: the caller loads the snapshot, the effective parameters and today's date.
import { daysBetween } from "../forecast/dates.ts";
import type { VariantForecast } from "../forecast/types.ts";
import { QUANTILE_LEVEL, type EffectiveParams, type StockoutQuantile } from "../settings.ts";
import { revenueAtRisk, roundCents } from "./revenue.ts";
import { lowStockSeverity, stockoutClearMarginDays, stockoutSeverity } from "./severity.ts";
import { ALL_LOCATIONS, type AlertKind, type EpisodeKey, type Severity } from "./types.ts";

export type LocationStock = {
  locationId: string;
  available: number;
  // The location normally carries this variant (stock or sales within the dead-stock window).
  // Locations that never stock an item must not raise "out of stock" there.
  stocked: boolean;
  velocity?: number; // units/day sold from this location, when known
};

export type VariantSnapshot = {
  variantId: string;
  asOf: string; // today in the shop's time zone, YYYY-MM-DD
  tracked: boolean;
  sku: string | null;
  price: number | null;
  available: number; // summed over locations
  locations: LocationStock[];
  forecast: VariantForecast | null;
  recentUnitsSold: number; // units sold in the forecast window (for untracked variants)
  incoming?: IncomingFacts; // stock on its way, as the forecast netted it
};

// Stock on its way and the gap before the next arrival (stored with the forecast).
export type IncomingFacts = {
  units: number; // everything on its way
  nextArrivalOn: string | null; // YYYY-MM-DD
  nextArrivalQty: number | null;
  pStockoutGap: number | null; // P(runs out before the next arrival lands)
  gapDays: number | null; // expected days out of stock before it lands
  gapRevenue: number | null; // expected sales lost meanwhile
};

// - active: the condition holds; an episode should be open at `severity`.
// - hold: keep an open episode as it is, open none (hysteresis band, stock already on order,
//   no recent evidence either way).
// - clear: the condition cleared; an open episode resolves (and may say so).
// - off: the kind is switched off or no longer applies here; an open episode closes silently.
export type ConditionStatus = "active" | "hold" | "clear" | "off";

export type MissingField = "sku" | "price" | "tracking";

// What the merchant needs to act, stored with the episode and rendered into messages.
export type AlertFacts = {
  available: number; // at the key's location (or the total)
  totalAvailable: number;
  velocity: number;
  daysOfCover: number | null;
  stockoutP10: string | null;
  stockoutP25?: string | null; // absent in facts stored before P25 existed
  stockoutP50: string | null;
  stockoutP90: string | null;
  daysToStockout: number | null; // by the configured quantile
  suggestedQty: number | null;
  reorderPoint: number | null;
  onOrder: number;
  leadTimeDays: number;
  threshold: number;
  deadStockDays: number;
  price: number | null;
  missing: MissingField[];
  asOf: string;
  // Absent in facts stored before stock on its way was read.
  incoming?: number;
  nextArrivalOn?: string | null;
  nextArrivalQty?: number | null;
  pStockoutGap?: number | null;
  gapDays?: number | null;
  gapRevenue?: number | null;
};

export type Condition = EpisodeKey & {
  status: ConditionStatus;
  severity: Severity | null; // set when active
  why: string; // short machine-readable reason, for logs and the dashboard
  revenueAtRisk: number;
  facts: AlertFacts;
};

// The stockout date alerts go by. A forecast stored before P25 existed has none: its P10 is
// the cautious stand-in until the next recompute.
export function stockoutDateBy(f: VariantForecast, q: StockoutQuantile): string | null {
  if (q === "p10") return f.stockoutP10;
  if (q === "p25") return f.stockoutP25 ?? f.stockoutP10;
  return f.stockoutP50;
}

export function evaluateVariant(v: VariantSnapshot, p: EffectiveParams): Condition[] {
  const f = v.forecast;
  const stockoutDate = (f ? stockoutDateBy(f, p.stockoutQuantile) : null) ?? null;
  const facts: AlertFacts = {
    available: v.available,
    totalAvailable: v.available,
    velocity: f?.velocity ?? 0,
    daysOfCover: f?.daysOfCover ?? null,
    stockoutP10: f?.stockoutP10 ?? null,
    stockoutP25: f?.stockoutP25 ?? null,
    stockoutP50: f?.stockoutP50 ?? null,
    stockoutP90: f?.stockoutP90 ?? null,
    daysToStockout: stockoutDate ? Math.max(0, daysBetween(v.asOf, stockoutDate)) : null,
    suggestedQty: f?.suggestedQty ?? null,
    reorderPoint: f?.reorderPoint ?? null,
    onOrder: p.onOrder,
    leadTimeDays: p.leadTimeDays,
    threshold: p.lowStockThreshold,
    deadStockDays: p.deadStockDays,
    price: v.price,
    missing: [],
    asOf: v.asOf,
    incoming: v.incoming?.units ?? 0,
    nextArrivalOn: v.incoming?.nextArrivalOn ?? null,
    nextArrivalQty: v.incoming?.nextArrivalQty ?? null,
    pStockoutGap: v.incoming?.pStockoutGap ?? null,
    gapDays: v.incoming?.gapDays ?? null,
    gapRevenue: v.incoming?.gapRevenue ?? null,
  };
  const risk =
    f?.revenueAtRisk ??
    revenueAtRisk({
      velocity: facts.velocity,
      leadTimeDays: p.leadTimeDays,
      daysOfCover: facts.daysOfCover,
      price: v.price ?? 0,
    });

  const total = (
    kind: AlertKind,
    status: ConditionStatus,
    why: string,
    severity: Severity | null = null,
    extra: Partial<AlertFacts> = {},
    revenue = risk,
  ): Condition => ({
    variantId: v.variantId,
    locationId: ALL_LOCATIONS,
    kind,
    status: p.kinds[kind] ? status : "off",
    severity: p.kinds[kind] && status === "active" ? severity : null,
    why: p.kinds[kind] ? why : "kind_disabled",
    revenueAtRisk: status === "active" ? revenue : 0,
    facts: { ...facts, ...extra },
  });

  const out: Condition[] = [];
  // Units already ordered: typed in by hand, or on their way (Shopify or this app's orders).
  const ordered = p.onOrder + (v.incoming?.units ?? 0);
  // An order placed already silences "reorder now" — but not "it lands too late" (stock_gap).
  const coveredByOrder = ordered > 0 && (f?.suggestedQty ?? 0) === 0;
  // Nothing in stock anywhere within the dead-stock window and nothing sold: a product created
  // at zero (goods not received yet) or long gone. Running out is not news for it.
  const neverStocked =
    v.available <= 0 && !v.locations.some((l) => l.stocked) && v.recentUnitsSold <= 0;

  // Out of stock, in total.
  if (!v.tracked) out.push(total("out_of_stock", "off", "untracked"));
  else if (v.available > 0) out.push(total("out_of_stock", "clear", "in_stock"));
  // Before the first forecast, or for an item out for the whole window, there is no evidence the
  // merchant still sells it: keep what is open, open nothing (no flood at install time).
  else if (!f || f.status === "never_in_stock")
    out.push(total("out_of_stock", "hold", f ? "never_in_stock" : "no_forecast"));
  else if (neverStocked) out.push(total("out_of_stock", "hold", "never_stocked"));
  else
    out.push(
      total("out_of_stock", "active", "out_of_stock", f.velocity > 0 ? "critical" : "warning"),
    );

  // Out of stock per location: only meaningful when the variant is spread over several.
  const stockedHere = v.locations.filter((l) => l.stocked);
  for (const loc of v.locations) {
    const base = {
      variantId: v.variantId,
      locationId: loc.locationId,
      kind: "out_of_stock" as const,
      facts: { ...facts, available: loc.available },
    };
    let status: ConditionStatus = "clear";
    let why = "in_stock";
    if (!p.kinds.out_of_stock) [status, why] = ["off", "kind_disabled"];
    else if (!v.tracked) [status, why] = ["off", "untracked"];
    else if (!loc.stocked || stockedHere.length < 2) [status, why] = ["off", "single_location"];
    else if (loc.available <= 0) [status, why] = ["active", "out_of_stock_here"];
    const locRisk = roundCents((loc.velocity ?? 0) * p.leadTimeDays * (v.price ?? 0));
    out.push({
      ...base,
      status,
      why,
      // Stock elsewhere can be transferred: a warning, unless nothing is left anywhere.
      severity: status === "active" ? (v.available > 0 ? "warning" : "critical") : null,
      revenueAtRisk: status === "active" ? locRisk : 0,
    });
  }

  // Stockout predicted within lead time + horizon.
  if (!v.tracked || !f) out.push(total("stockout_predicted", "off", "no_forecast"));
  else if (neverStocked) out.push(total("stockout_predicted", "hold", "never_stocked"));
  else if (stockoutDate === null || facts.daysToStockout === null)
    out.push(total("stockout_predicted", "clear", "no_stockout_expected"));
  else {
    const days = facts.daysToStockout;
    const sev = stockoutSeverity(days, p.leadTimeDays, p.horizonDays);
    if (sev && coveredByOrder) out.push(total("stockout_predicted", "hold", "on_order"));
    else if (sev) out.push(total("stockout_predicted", "active", "stockout_within_horizon", sev));
    else if (days <= p.leadTimeDays + p.horizonDays + stockoutClearMarginDays(p.horizonDays))
      out.push(total("stockout_predicted", "hold", "near_horizon"));
    else out.push(total("stockout_predicted", "clear", "beyond_horizon"));
  }

  // Low stock against the threshold.
  if (!v.tracked) out.push(total("low_stock", "off", "untracked"));
  else if (neverStocked) out.push(total("low_stock", "hold", "never_stocked"));
  else {
    const sev = lowStockSeverity(v.available, p.lowStockThreshold);
    if (!sev) out.push(total("low_stock", "clear", "above_threshold"));
    else if (ordered > 0 && v.available + ordered > p.lowStockThreshold)
      out.push(total("low_stock", "hold", "on_order"));
    else out.push(total("low_stock", "active", "at_or_below_threshold", sev));
  }

  out.push(stockGap(v, p, total));

  // Dead stock: in stock, nothing sold for the dead-stock period.
  if (v.tracked && v.available > 0 && f?.deadStock)
    out.push(total("dead_stock", "active", "no_sales", "attention"));
  else out.push(total("dead_stock", v.tracked ? "clear" : "off", "selling_or_empty"));

  // Missing data that stops forecasting or alerting from working.
  const missing: MissingField[] = [];
  if (v.tracked) {
    if (!v.sku?.trim()) missing.push("sku");
    if (v.price === null || !(v.price > 0)) missing.push("price");
  } else if (v.recentUnitsSold > 0) missing.push("tracking");
  out.push(
    missing.length
      ? total("missing_data", "active", `missing_${missing.join("_")}`, "attention", { missing })
      : total("missing_data", "clear", "complete"),
  );

  return out;
}

// Stock on its way that lands too late: the variant probably runs out before the next arrival.
// "Probably" is the shop's alert quantile: with P25 dates, a 25 % chance of running out first
// is enough (the same bar as a predicted stockout). It clears below half that bar, so a
// forecast wobbling around it neither re-alerts nor resolves.
function stockGap(
  v: VariantSnapshot,
  p: EffectiveParams,
  total: (
    kind: AlertKind,
    status: ConditionStatus,
    why: string,
    severity?: Severity | null,
    extra?: Partial<AlertFacts>,
    revenue?: number,
  ) => Condition,
): Condition {
  const gap = v.incoming;
  if (!v.tracked || !v.forecast) return total("stock_gap", "off", "no_forecast");
  if (!gap || gap.units <= 0 || gap.nextArrivalOn === null || gap.pStockoutGap === null)
    return total("stock_gap", "clear", "nothing_on_its_way");
  const bar = QUANTILE_LEVEL[p.stockoutQuantile];
  const pGap = gap.pStockoutGap;
  const revenue = roundCents(gap.gapRevenue ?? 0);
  if (pGap >= bar) {
    const sev: Severity = pGap >= 0.75 ? "critical" : pGap >= 0.5 ? "warning" : "attention";
    return total("stock_gap", "active", "arrives_after_stockout", sev, {}, revenue);
  }
  if (pGap >= bar / 2) return total("stock_gap", "hold", "near_bar");
  return total("stock_gap", "clear", "arrives_in_time");
}

// Which kind, when active (or still open), makes another kind at the same variant redundant:
// "out of stock" says more than "runs out soon", which says more than "low stock"; and an item
// out everywhere needs no per-location alerts.
export function supersedes(higher: EpisodeKey, lower: EpisodeKey): boolean {
  if (higher.variantId !== lower.variantId || higher.locationId !== ALL_LOCATIONS) return false;
  switch (higher.kind) {
    case "out_of_stock":
      return (
        lower.kind === "stockout_predicted" ||
        lower.kind === "stock_gap" ||
        lower.kind === "low_stock" ||
        (lower.kind === "out_of_stock" && lower.locationId !== ALL_LOCATIONS)
      );
    case "stockout_predicted":
      return lower.kind === "low_stock";
    default:
      return false;
  }
}
