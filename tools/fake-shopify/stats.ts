// Facts about a generated shop, for tests, the CLI's --stats and anyone checking realism.
import { levelKey, type DemandClass, type ShopData } from "./model.ts";
import { localDate, weekday } from "./time.ts";

export type ShopStats = {
  products: number;
  variants: number;
  trackedVariants: number;
  untrackedVariants: number;
  variantsWithoutSku: number;
  variantsWithoutPrice: number;
  vendors: number;
  productTypes: number;
  locations: number;
  inventoryLevels: number;
  orders: number;
  lineItems: number;
  unitsSold: number;
  cancelledOrders: number;
  refundedOrders: number;
  historyDays: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  ordersPerDay: number;
  /** Units sold per weekday (0 = Sunday), averaged over the weeks of history. */
  unitsByWeekday: number[];
  /** Mean weekend units per day over mean weekday units per day. */
  weekendLift: number;
  demandClasses: Record<DemandClass, number>;
  /** Levels that were at zero at some point during the history. */
  levelsThatRanOut: number;
  /** Of those, levels that went back above zero after running out. */
  levelsRestockedAfterStockout: number;
  levelsOutOfStockNow: number;
  restockDeliveries: number;
};

export function shopStats(d: ShopData): ShopStats {
  const tz = d.shop.timezone;
  const tracked = new Set(d.inventoryItems.filter((i) => i.tracked).map((i) => i.variantId));
  const unitsByWeekday = [0, 0, 0, 0, 0, 0, 0];
  const daysByWeekday = [0, 0, 0, 0, 0, 0, 0];
  const dates = new Set<string>();
  let unitsSold = 0;
  let lineItems = 0;
  for (const o of d.orders) {
    const date = localDate(tz, o.createdAt);
    dates.add(date);
    const units = o.lineItems.reduce((s, l) => s + l.quantity, 0);
    unitsByWeekday[weekday(date)]! += units;
    unitsSold += units;
    lineItems += o.lineItems.length;
  }
  for (const date of dates) daysByWeekday[weekday(date)]!++;
  const perDay = unitsByWeekday.map((u, i) => u / Math.max(1, daysByWeekday[i]!));
  const weekend = (perDay[0]! + perDay[6]!) / 2;
  const weekdays = (perDay[1]! + perDay[2]! + perDay[3]! + perDay[4]! + perDay[5]!) / 5;

  // Walk the ledger per level to find stockouts and recoveries.
  const level = new Map(Object.entries(d.initialLevels));
  const ranOut = new Set<string>();
  const recovered = new Set<string>();
  for (const [k, v] of level) if (v <= 0 && isTrackedKey(d, k, tracked)) ranOut.add(k);
  let restockDeliveries = 0;
  for (const m of d.movements) {
    const k = levelKey(m.inventoryItemId, m.locationId);
    const v = (level.get(k) ?? 0) + m.delta;
    level.set(k, v);
    if (m.reason === "restock") restockDeliveries++;
    if (v <= 0) ranOut.add(k);
    else if (ranOut.has(k)) recovered.add(k);
  }

  const demandClasses: Record<DemandClass, number> = {
    fast: 0,
    steady: 0,
    slow: 0,
    intermittent: 0,
    dead: 0,
  };
  for (const p of d.demand) demandClasses[p.demandClass]++;
  const sortedDates = [...dates].sort();
  const trackedItems = new Set(d.inventoryItems.filter((i) => i.tracked).map((i) => i.id));

  return {
    products: d.products.length,
    variants: d.variants.length,
    trackedVariants: tracked.size,
    untrackedVariants: d.variants.length - tracked.size,
    variantsWithoutSku: d.variants.filter((v) => !v.sku).length,
    variantsWithoutPrice: d.variants.filter((v) => Number(v.price) === 0).length,
    vendors: new Set(d.products.map((p) => p.vendor)).size,
    productTypes: new Set(d.products.map((p) => p.productType)).size,
    locations: d.locations.length,
    inventoryLevels: d.inventoryLevels.length,
    orders: d.orders.length,
    lineItems,
    unitsSold,
    cancelledOrders: d.orders.filter((o) => o.cancelledAt !== null).length,
    refundedOrders: d.orders.filter((o) => o.cancelledAt === null && o.refunds.length > 0).length,
    historyDays: d.historyDays,
    firstOrderDate: sortedDates[0] ?? null,
    lastOrderDate: sortedDates.at(-1) ?? null,
    ordersPerDay: d.orders.length / Math.max(1, dates.size),
    unitsByWeekday: perDay,
    weekendLift: weekdays > 0 ? weekend / weekdays : 0,
    demandClasses,
    levelsThatRanOut: ranOut.size,
    levelsRestockedAfterStockout: recovered.size,
    levelsOutOfStockNow: d.inventoryLevels.filter(
      (l) => trackedItems.has(l.inventoryItemId) && l.available <= 0,
    ).length,
    restockDeliveries,
  };
}

function isTrackedKey(d: ShopData, key: string, trackedVariants: Set<number>): boolean {
  const itemId = Number(key.split(":")[0]);
  const item = d.inventoryItems.find((i) => i.id === itemId);
  return item !== undefined && trackedVariants.has(item.variantId);
}

export type LedgerProblem = { key: string; problem: string };

/**
 * Checks that every level equals its initial stock plus its movements, and that no level ever
 * went below zero along the way. Returns the problems found (none for a consistent shop).
 */
export function verifyLedger(d: ShopData): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const running = new Map(Object.entries(d.initialLevels));
  const tracked = new Set(d.inventoryItems.filter((i) => i.tracked).map((i) => i.id));
  let last = -Infinity;
  for (const m of d.movements) {
    const k = levelKey(m.inventoryItemId, m.locationId);
    if (m.at < last) problems.push({ key: k, problem: "movements out of time order" });
    last = m.at;
    const v = (running.get(k) ?? 0) + m.delta;
    running.set(k, v);
    if (v < 0 && tracked.has(m.inventoryItemId))
      problems.push({ key: k, problem: `went to ${v} at ${new Date(m.at).toISOString()}` });
  }
  for (const l of d.inventoryLevels) {
    if (!tracked.has(l.inventoryItemId)) continue;
    const k = levelKey(l.inventoryItemId, l.locationId);
    const expected = running.get(k) ?? 0;
    if (expected !== l.available)
      problems.push({ key: k, problem: `available ${l.available}, ledger says ${expected}` });
  }
  return problems;
}
