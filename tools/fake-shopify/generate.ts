// Seeded generator of a realistic shop: catalog, two locations, and 90 days of orders, restocks,
// cancellations and refunds, simulated event by event so today's stock is exactly the initial stock
// plus every restock and return minus every sale (the movement ledger proves it).
//
// Demand per variant and location is negative binomial around a class rate (fast, steady, slow,
// intermittent/lumpy, dead) times a weekday index. Sales cannot exceed stock: demand on an empty
// shelf is lost, which is what makes stockout days censored for the forecaster. Each level follows
// an (s, S) reorder policy with a lead time; some policies are too lean (they run out before the
// truck arrives) and some products are discontinued (they sell out and stay out).
import { Rng } from "./random.ts";
import {
  ADJECTIVES,
  CAPACITIES,
  COLORS,
  LENGTHS,
  LOCATION_NAMES,
  PRODUCT_KINDS,
  SIZES,
  VENDORS,
  type ProductKind,
} from "./names.ts";
import {
  WEEKDAY_INDEX,
  drawDispersion,
  drawRate,
  expectedUnits,
  lineQuantity,
  linesPerOrder,
  pickClass,
  timeOfDay,
} from "./demand.ts";
import { DAY_MS, addDays, localDate, localMidnight, weekday } from "./time.ts";
import {
  levelKey,
  type DemandClass,
  type DemandProfile,
  type InventoryItem,
  type InventoryLevel,
  type LineItem,
  type Location,
  type Movement,
  type Order,
  type Product,
  type ShopData,
  type Variant,
} from "./model.ts";

export type Preset = "demo" | "bench";

export type GenerateOptions = {
  seed: string | number;
  domain?: string;
  name?: string;
  /** The simulated "now"; history ends here. Pass it to get byte-identical shops across runs. */
  now?: number;
  preset?: Preset;
  historyDays?: number;
  timezone?: string;
  currency?: string;
  locations?: number;
  minProducts?: number;
  minVariants?: number;
  /** Demand is scaled so the history holds roughly this many orders. */
  targetOrders?: number;
};

export const PRESETS: Record<
  Preset,
  { minProducts: number; minVariants: number; targetOrders: number }
> = {
  demo: { minProducts: 130, minVariants: 520, targetOrders: 9_000 },
  bench: { minProducts: 1_200, minVariants: 4_500, targetOrders: 50_000 },
};

/** A purchase order on its way: arrives after `now`; the live mode delivers it. */
export type PendingRestock = {
  inventoryItemId: number;
  locationId: number;
  at: number; // when it arrives
  quantity: number;
  ref: number;
  orderedAt: number; // when it was ordered
};

export type GeneratedShop = ShopData & { pendingRestocks: PendingRestock[] };

// Units per order observed with the line and order-size distributions in demand.ts, and the share
// of demand that finds stock; used only to aim the demand scale at targetOrders.
const UNITS_PER_ORDER = 1.97;
const FILL_RATE = 0.94;

class IdSeq {
  private value: number;
  private readonly rng: Rng;
  constructor(base: number, rng: Rng) {
    this.value = base;
    this.rng = rng;
  }
  // Shopify ids are increasing but not contiguous.
  next(): number {
    this.value += this.rng.int(1, 7);
    return this.value;
  }
}

type Inbound = {
  at: number;
  qty: number;
  reason: "restock" | "cancel" | "return";
  ref: number;
  orderedAt?: number; // restocks: when the purchase order was placed
};

type LevelSim = {
  level: InventoryLevel;
  locIndex: number;
  variant: Variant;
  product: Product;
  profile: DemandProfile;
  tracked: boolean;
  launchAt: number;
  stock: number;
  onOrder: number;
  reorderPoint: number;
  orderUpTo: number;
  inbound: Inbound[]; // kept sorted by time
};

export function shopNameFromDomain(domain: string): string {
  const slug = domain.replace(/\.myshopify\.com$/, "");
  return slug
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

export function generateShop(options: GenerateOptions): GeneratedShop {
  const preset = PRESETS[options.preset ?? "demo"];
  const domain = options.domain ?? "demo-gear.myshopify.com";
  const historyDays = options.historyDays ?? 90;
  const timezone = options.timezone ?? "America/New_York";
  const now = options.now ?? Date.now();
  const minProducts = options.minProducts ?? preset.minProducts;
  const minVariants = options.minVariants ?? preset.minVariants;
  const targetOrders = options.targetOrders ?? preset.targetOrders;
  const root = new Rng(options.seed);

  const today = localDate(timezone, now);
  const historyStart = localMidnight(timezone, addDays(today, -historyDays));

  const shopRng = root.fork("shop");
  const shop = {
    id: 60_000_000_000 + shopRng.int(0, 9_999_999),
    domain,
    name: options.name ?? shopNameFromDomain(domain),
    email: `owner@${domain.replace(/\.myshopify\.com$/, "")}.example`,
    timezone,
    currency: options.currency ?? "USD",
    createdAt: historyStart - shopRng.int(400, 1500) * DAY_MS,
  };

  const locations = makeLocations(root.fork("locations"), options.locations ?? 2, shop.createdAt);
  const catalog = makeCatalog(root.fork("catalog"), {
    minProducts,
    minVariants,
    locations,
    now,
    historyStart,
    historyDays,
  });
  scaleDemand(catalog.demand, targetOrders, historyDays);

  const sim = simulate(root.fork("history"), {
    ...catalog,
    locations,
    timezone,
    today,
    historyDays,
    historyStart,
    now,
  });

  return {
    shop,
    generatedAt: now,
    historyDays,
    weekdayIndex: [...WEEKDAY_INDEX],
    locations,
    products: catalog.products,
    variants: catalog.variants,
    inventoryItems: catalog.items,
    inventoryLevels: catalog.levels,
    orders: sim.orders,
    movements: sim.movements,
    demand: catalog.demand,
    initialLevels: sim.initialLevels,
    pendingRestocks: sim.pendingRestocks,
  };
}

function makeLocations(rng: Rng, count: number, createdAt: number): Location[] {
  const ids = new IdSeq(70_000_000_000, rng);
  return Array.from({ length: count }, (_, i) => {
    const [name, city] = LOCATION_NAMES[i % LOCATION_NAMES.length]!;
    const at = createdAt + i * 30 * DAY_MS;
    return {
      id: ids.next(),
      name,
      city,
      isActive: true,
      // The first location ships online orders; the others are shops with a point of sale.
      fulfillsOnlineOrders: i === 0,
      createdAt: at,
      updatedAt: at,
    };
  });
}

function variantTitles(rng: Rng, kind: ProductKind): string[] {
  const some = (xs: string[], min: number, max: number) =>
    xs.slice(0, Math.min(xs.length, rng.int(min, max)));
  switch (kind.options) {
    case "none":
      return ["Default Title"];
    case "size":
      return some(SIZES.slice(1), 3, 5);
    case "color":
      return some(rng.shuffle([...COLORS]), 1, 5);
    case "capacity":
      return some(CAPACITIES, 2, 4);
    case "length":
      return some(LENGTHS, 2, 3);
    case "size-color": {
      const sizes = rng.chance(0.5) ? SIZES.slice(1, 5) : SIZES;
      const colors = some(rng.shuffle([...COLORS]), 1, 2);
      return colors.flatMap((c) => sizes.map((s) => `${s} / ${c}`));
    }
  }
}

// Middle sizes sell more than the ends of the size run.
function sizeWeight(title: string): number {
  const size = title.split(" / ")[0]!;
  return { XS: 0.4, S: 0.8, M: 1.3, L: 1.2, XL: 0.8, XXL: 0.4 }[size] ?? 1;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function makeCatalog(
  rng: Rng,
  o: {
    minProducts: number;
    minVariants: number;
    locations: Location[];
    now: number;
    historyStart: number;
    historyDays: number;
  },
) {
  const productIds = new IdSeq(8_900_000_000_000, rng.fork("pid"));
  const variantIds = new IdSeq(44_100_000_000_000, rng.fork("vid"));
  const itemIds = new IdSeq(46_200_000_000_000, rng.fork("iid"));
  const levelIds = new IdSeq(110_000_000_000, rng.fork("lid"));
  const products: Product[] = [];
  const variants: Variant[] = [];
  const items: InventoryItem[] = [];
  const levels: InventoryLevel[] = [];
  const demand: DemandProfile[] = [];
  const launchAt = new Map<number, number>();
  const titles = new Set<string>();

  while (products.length < o.minProducts || variants.length < o.minVariants) {
    const p = rng.fork(`product-${products.length}`);
    const kind = p.pick(PRODUCT_KINDS);
    const vendor = p.pick(VENDORS);
    let title = `${p.pick(ADJECTIVES)} ${p.pick(kind.nouns)}`;
    for (let n = 2; titles.has(title); n++) title = `${title.replace(/ \d+$/, "")} ${n}`;
    titles.add(title);

    const launchedInHistory = p.chance(0.06);
    const createdAt = launchedInHistory
      ? o.historyStart + p.int(5, o.historyDays - 8) * DAY_MS + p.int(8, 17) * 3_600_000
      : o.historyStart - p.int(20, 900) * DAY_MS;
    const status = p.weighted([
      ["ACTIVE", 95],
      ["DRAFT", 3],
      ["ARCHIVED", 2],
    ] as const);
    const product: Product = {
      id: productIds.next(),
      title,
      handle: slug(title),
      vendor,
      productType: kind.type,
      status,
      tags: p.chance(0.3) ? ["bestseller"] : p.chance(0.2) ? ["clearance"] : [],
      createdAt,
      updatedAt: Math.min(o.now, createdAt + p.int(0, 400) * DAY_MS),
    };
    products.push(product);

    const productClass = pickClass(p);
    const basePrice = p.uniform(kind.price[0], kind.price[1]);
    const leadTimeDays = p.int(4, 21);
    const skuStem = `${slug(vendor).slice(0, 3).toUpperCase()}-${slug(kind.type).slice(0, 3).toUpperCase()}-${String(products.length).padStart(4, "0")}`;
    variantTitles(p, kind).forEach((vt, position) => {
      const cls: DemandClass =
        status !== "ACTIVE" ? "dead" : p.chance(0.7) ? productClass : pickClass(p);
      const variantId = variantIds.next();
      const itemId = itemIds.next();
      const price = p.chance(0.012) ? "0.00" : (basePrice * p.uniform(0.95, 1.1)).toFixed(2);
      const tracked = !p.chance(0.04);
      variants.push({
        id: variantId,
        productId: product.id,
        inventoryItemId: itemId,
        title: vt,
        sku: p.chance(0.02) ? null : `${skuStem}-${position + 1}`,
        price,
        compareAtPrice: p.chance(0.15) ? (Number(price) * 1.25).toFixed(2) : null,
        barcode: p.chance(0.6) ? String(p.int(100_000_000, 999_999_999)) + "0123" : null,
        position: position + 1,
        option1: vt === "Default Title" ? "Default Title" : vt.split(" / ")[0]!,
        createdAt,
        updatedAt: product.updatedAt,
      });
      items.push({
        id: itemId,
        variantId,
        tracked,
        unitCost: price === "0.00" ? null : (Number(price) * p.uniform(0.35, 0.6)).toFixed(2),
        createdAt,
        updatedAt: createdAt,
      });

      // Most variants are stocked everywhere; some only in the warehouse.
      const everywhere = o.locations.length > 1 && p.chance(0.8);
      const shares = o.locations.map((_, i) =>
        i === 0 ? 1 : everywhere ? p.uniform(0.2, 0.6) : 0,
      );
      const total = shares.reduce((a, b) => a + b, 0);
      const locationShare = shares.map((s) => s / total);
      o.locations.forEach((loc, i) => {
        if (locationShare[i] === 0) return;
        levels.push({
          id: levelIds.next(),
          inventoryItemId: itemId,
          locationId: loc.id,
          available: 0,
          createdAt,
          updatedAt: createdAt,
        });
      });

      demand.push({
        variantId,
        demandClass: cls,
        dailyRate: drawRate(p, cls) * (kind.options.startsWith("size") ? sizeWeight(vt) : 1),
        dispersion: drawDispersion(p, cls),
        locationShare,
        leadTimeDays,
        reorderPoint: 0,
        orderUpTo: 0,
        restocks: cls !== "dead" && !p.chance(0.07),
        launchedDaysAgo: Math.max(0, Math.round((o.now - createdAt) / DAY_MS)),
      });
      launchAt.set(variantId, createdAt);
    });
  }
  return { products, variants, items, levels, demand, launchAt };
}

function scaleDemand(demand: DemandProfile[], targetOrders: number, days: number) {
  const unitsPerDay = demand.reduce(
    (s, d) => s + d.dailyRate * Math.min(1, d.launchedDaysAgo / days),
    0,
  );
  if (unitsPerDay === 0) return;
  const scale = (targetOrders * UNITS_PER_ORDER) / (unitsPerDay * days * FILL_RATE);
  for (const d of demand) d.dailyRate *= scale;
}

function insertInbound(list: Inbound[], item: Inbound) {
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > item.at) i--;
  list.splice(i, 0, item);
}

type SimInput = ReturnType<typeof makeCatalog> & {
  locations: Location[];
  timezone: string;
  today: string;
  historyDays: number;
  historyStart: number;
  now: number;
};

function simulate(rng: Rng, s: SimInput) {
  const policy = rng.fork("policy");
  const variantById = new Map(s.variants.map((v) => [v.id, v]));
  const productById = new Map(s.products.map((p) => [p.id, p]));
  const itemById = new Map(s.items.map((i) => [i.id, i]));
  const profileByVariant = new Map(s.demand.map((d) => [d.variantId, d]));
  const locIndex = new Map(s.locations.map((l, i) => [l.id, i]));

  const sims: LevelSim[] = [];
  const simByKey = new Map<string, LevelSim>();
  const initialLevels: Record<string, number> = {};
  const movements: Movement[] = [];
  const poIds = new IdSeq(900_000_000, rng.fork("po"));

  for (const level of s.levels) {
    const item = itemById.get(level.inventoryItemId)!;
    const variant = variantById.get(item.variantId)!;
    const profile = profileByVariant.get(variant.id)!;
    const li = locIndex.get(level.locationId)!;
    const rate = profile.dailyRate * profile.locationShare[li]!;
    const lead = profile.leadTimeDays;
    // Safety stock varies on purpose: lean policies run out before the next delivery arrives.
    const safety = policy.uniform(0, 1.6);
    const reorderPoint =
      profile.demandClass === "dead"
        ? -1
        : Math.ceil(rate * lead + safety * Math.sqrt(rate * lead + 0.5) * 1.3);
    const orderUpTo = Math.max(
      reorderPoint + 1,
      Math.ceil(reorderPoint + rate * policy.uniform(14, 45)) + 1,
    );
    const launchAt = s.launchAt.get(variant.id)!;
    const launched = launchAt < s.historyStart;
    let stock = 0;
    if (item.tracked && launched) {
      stock =
        profile.demandClass === "dead"
          ? policy.int(2, 40)
          : policy.chance(0.03)
            ? 0
            : Math.round(orderUpTo * policy.uniform(0.3, 1));
    }
    const sim: LevelSim = {
      level,
      locIndex: li,
      variant,
      product: productById.get(variant.productId)!,
      profile,
      tracked: item.tracked,
      launchAt,
      stock,
      onOrder: 0,
      reorderPoint,
      orderUpTo,
      inbound: [],
    };
    // A product launched during the history receives its first delivery on launch day.
    if (item.tracked && !launched) {
      sim.inbound.push({ at: launchAt, qty: orderUpTo, reason: "restock", ref: poIds.next() });
      sim.onOrder = orderUpTo;
    }
    initialLevels[levelKey(level.inventoryItemId, level.locationId)] = stock;
    sims.push(sim);
    simByKey.set(levelKey(level.inventoryItemId, level.locationId), sim);
    profile.reorderPoint += Math.max(0, reorderPoint);
    profile.orderUpTo += orderUpTo;
  }

  const orderIds = new IdSeq(6_100_000_000_000, rng.fork("oid"));
  const lineIds = new IdSeq(15_300_000_000_000, rng.fork("liid"));
  const refundIds = new IdSeq(980_000_000_000, rng.fork("rid"));
  const refundLineIds = new IdSeq(540_000_000_000, rng.fork("rlid"));
  const customers = rng.fork("customers");
  const orders: Order[] = [];
  let orderNumber = 1000;

  const applyInbound = (sim: LevelSim, e: Inbound) => {
    sim.stock += e.qty;
    if (e.reason === "restock") sim.onOrder -= e.qty;
    movements.push({
      at: e.at,
      inventoryItemId: sim.level.inventoryItemId,
      locationId: sim.level.locationId,
      delta: e.qty,
      reason: e.reason,
      ref: e.ref,
    });
  };
  const drainInbound = (sim: LevelSim, until: number) => {
    while (sim.inbound.length && sim.inbound[0]!.at <= until)
      applyInbound(sim, sim.inbound.shift()!);
  };

  for (let daysAgo = s.historyDays; daysAgo >= 0; daysAgo--) {
    const day = rng.fork(`day-${daysAgo}`);
    const date = addDays(s.today, -daysAgo);
    const dayStart = localMidnight(s.timezone, date);
    const dayEnd = localMidnight(s.timezone, addDays(date, 1));
    const horizon = Math.min(dayEnd - 1, s.now);
    const wd = weekday(date);
    type Line = { sim: LevelSim; qty: number; at: number };
    const linesByLocation: Line[][] = s.locations.map(() => []);

    for (const sim of sims) {
      const channel = s.locations[sim.locIndex]!.fulfillsOnlineOrders ? "web" : "pos";
      const n = day.negBinomial(
        expectedUnits(sim.profile, sim.locIndex, wd),
        sim.profile.dispersion,
      );
      const times: number[] = [];
      for (let k = 0; k < n; k++) {
        const t = dayStart + timeOfDay(day, channel);
        if (t >= sim.launchAt && t <= horizon) times.push(t);
      }
      times.sort((a, b) => a - b);
      const sold: number[] = [];
      for (const t of times) {
        drainInbound(sim, t);
        if (!sim.tracked) sold.push(t);
        else if (sim.stock > 0) {
          sim.stock--;
          sold.push(t);
        }
      }
      drainInbound(sim, horizon);
      for (let i = 0; i < sold.length;) {
        const q = lineQuantity(day, sim.profile.demandClass, sold.length - i);
        linesByLocation[sim.locIndex]!.push({ sim, qty: q, at: sold[i + q - 1]! });
        i += q;
      }
    }

    // Lines close in time become one customer's order; the order is placed at its latest line,
    // so no sale is ever recorded before the stock it took was there.
    const dayOrders: { at: number; lines: Line[]; loc: Location }[] = [];
    s.locations.forEach((loc, li) => {
      const lines = linesByLocation[li]!.sort((a, b) => a.at - b.at);
      for (let i = 0; i < lines.length;) {
        const chunk = lines.slice(i, i + linesPerOrder(day));
        i += chunk.length;
        const merged = new Map<LevelSim, Line>();
        for (const l of chunk) {
          const m = merged.get(l.sim);
          if (m) m.qty += l.qty;
          else merged.set(l.sim, { ...l });
        }
        const at = Math.max(...chunk.map((l) => l.at));
        dayOrders.push({ at, lines: [...merged.values()], loc });
      }
    });
    dayOrders.sort((a, b) => a.at - b.at);

    for (const o of dayOrders) {
      const pos = !o.loc.fulfillsOnlineOrders;
      const order: Order = {
        id: orderIds.next(),
        number: ++orderNumber,
        createdAt: o.at,
        updatedAt: o.at,
        cancelledAt: null,
        cancelReason: null,
        sourceName: pos ? "pos" : "web",
        retailLocationId: pos ? o.loc.id : null,
        customerId: 7_400_000_000_000 + customers.int(0, 4_000) * 97,
        lineItems: o.lines.map((l) => toLineItem(lineIds.next(), l.sim, l.qty)),
        refunds: [],
      };
      orders.push(order);
      o.lines.forEach((l) => {
        if (!l.sim.tracked) return;
        movements.push({
          at: order.createdAt,
          inventoryItemId: l.sim.level.inventoryItemId,
          locationId: l.sim.level.locationId,
          delta: -l.qty,
          reason: "sale",
          ref: order.id,
        });
      });

      // Cancellation (restocks everything, with a refund of restock type CANCEL, as Shopify does
      // when a paid order is cancelled) or a later partial refund, some of it returned to stock.
      if (day.chance(0.02)) {
        let at = order.createdAt + day.uniform(2, 50) * 3_600_000;
        if (at < dayEnd) at = dayEnd + day.uniform(0, 8) * 3_600_000;
        if (at <= s.now) {
          order.cancelledAt = at;
          order.updatedAt = at;
          order.cancelReason = day.weighted([
            ["CUSTOMER", 60],
            ["INVENTORY", 15],
            ["FRAUD", 10],
            ["DECLINED", 5],
            ["OTHER", 10],
          ] as const);
          const refundId = refundIds.next();
          order.refunds.push({
            id: refundId,
            orderId: order.id,
            createdAt: at,
            note: "Order cancelled",
            lines: order.lineItems.map((li) => ({
              id: refundLineIds.next(),
              lineItemId: li.id,
              quantity: li.quantity,
              restockType: "CANCEL",
              locationId: li.locationId,
            })),
          });
          o.lines.forEach((l) => {
            if (l.sim.tracked)
              insertInbound(l.sim.inbound, { at, qty: l.qty, reason: "cancel", ref: refundId });
          });
        }
      } else if (day.chance(0.035)) {
        const at = order.createdAt + day.uniform(2, 16) * DAY_MS;
        if (at <= s.now) {
          const li = day.int(0, order.lineItems.length - 1);
          const line = order.lineItems[li]!;
          const l = o.lines[li]!;
          const qty = day.int(1, line.quantity);
          const restock = day.chance(0.7);
          const refundId = refundIds.next();
          order.refunds.push({
            id: refundId,
            orderId: order.id,
            createdAt: at,
            note: restock ? "Returned" : "Damaged in transit",
            lines: [
              {
                id: refundLineIds.next(),
                lineItemId: line.id,
                quantity: qty,
                restockType: restock ? "RETURN" : "NO_RESTOCK",
                locationId: restock ? line.locationId : null,
              },
            ],
          });
          order.updatedAt = at;
          if (restock && l.sim.tracked)
            insertInbound(l.sim.inbound, { at, qty, reason: "return", ref: refundId });
        }
      }
    }

    // End of day: reorder what fell to its reorder point.
    if (dayEnd <= s.now) {
      for (const sim of sims) {
        if (!sim.tracked || !sim.profile.restocks || sim.reorderPoint < 0) continue;
        if (sim.launchAt > dayEnd) continue;
        if (sim.stock + sim.onOrder > sim.reorderPoint) continue;
        const qty = sim.orderUpTo - sim.stock - sim.onOrder;
        const lead = Math.max(2, sim.profile.leadTimeDays + policy.int(-2, 3));
        const arrival =
          localMidnight(s.timezone, addDays(date, lead)) + policy.uniform(7, 11) * 3_600_000;
        insertInbound(sim.inbound, {
          at: Math.round(arrival),
          qty,
          reason: "restock",
          ref: poIds.next(),
          orderedAt: dayEnd,
        });
        sim.onOrder += qty;
      }
    }
  }

  const pendingRestocks: PendingRestock[] = [];
  for (const sim of sims) {
    sim.level.available = sim.tracked ? sim.stock : 0;
    for (const e of sim.inbound) {
      if (e.reason === "restock")
        pendingRestocks.push({
          inventoryItemId: sim.level.inventoryItemId,
          locationId: sim.level.locationId,
          at: e.at,
          quantity: e.qty,
          ref: e.ref,
          orderedAt: e.orderedAt ?? e.at,
        });
    }
  }
  movements.sort((a, b) => a.at - b.at);
  const lastMove = new Map<string, number>();
  for (const m of movements) lastMove.set(levelKey(m.inventoryItemId, m.locationId), m.at);
  for (const sim of sims) {
    const at = lastMove.get(levelKey(sim.level.inventoryItemId, sim.level.locationId));
    if (at !== undefined) sim.level.updatedAt = at;
  }
  for (const item of s.items) {
    const sim = simByKey.get(levelKey(item.id, s.locations[0]!.id));
    if (sim) item.updatedAt = Math.max(item.updatedAt, sim.level.updatedAt);
  }
  pendingRestocks.sort((a, b) => a.at - b.at);
  return { orders, movements, initialLevels, pendingRestocks };
}

function toLineItem(id: number, sim: LevelSim, qty: number): LineItem {
  return {
    id,
    variantId: sim.variant.id,
    productId: sim.product.id,
    title: sim.product.title,
    variantTitle: sim.variant.title === "Default Title" ? null : sim.variant.title,
    sku: sim.variant.sku,
    vendor: sim.product.vendor,
    quantity: qty,
    price: sim.variant.price,
    locationId: sim.level.locationId,
  };
}
