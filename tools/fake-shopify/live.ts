// Live mode: keeps the shop trading in accelerated time. Each tick draws the sales the demand model
// expects for the simulated interval, places them as orders (orders/create, then
// inventory_levels/update per location), delivers purchase orders that came due, reorders what
// fell to its reorder point, and now and then cancels or refunds a recent order.
import { Rng } from "./random.ts";
import { expectedUnits, linesPerOrder } from "./demand.ts";
import { DAY_MS, localDate, weekday } from "./time.ts";
import type { PendingRestock } from "./generate.ts";
import type { ShopStore, OrderLineInput } from "./store.ts";
import type { DemandProfile, Order } from "./model.ts";

export type LiveOptions = {
  /** Simulated seconds per real second (default 360: a simulated day every 4 minutes). */
  speed?: number;
  /** Real milliseconds between ticks (default 1000). */
  tickMs?: number;
  seed?: string | number;
};

export type TickResult = { orders: number; restocks: number; cancels: number; refunds: number };

export class LiveSimulation {
  private readonly store: ShopStore;
  private readonly rng: Rng;
  readonly speed: number;
  readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private simNow: number;
  private readonly pending: PendingRestock[];
  private readonly recent: Order[] = [];
  private readonly profiles: Map<number, DemandProfile>;

  constructor(store: ShopStore, opts: LiveOptions = {}) {
    this.store = store;
    this.rng = new Rng(`live/${opts.seed ?? store.domain}`);
    this.speed = opts.speed ?? 360;
    this.tickMs = opts.tickMs ?? 1000;
    this.simNow = store.clock();
    this.pending = [...store.data.pendingRestocks];
    this.profiles = new Map(store.data.demand.map((d) => [d.variantId, d]));
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.tick(this.tickMs * this.speed);
      } catch {
        // A product deleted mid-tick must not stop the simulation.
      }
    }, this.tickMs);
    this.timer.unref?.();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Simulates `simulatedMs` of trading now. */
  tick(simulatedMs: number): TickResult {
    const result: TickResult = { orders: 0, restocks: 0, cancels: 0, refunds: 0 };
    if (!this.store.installed) return result;
    const s = this.store;
    this.simNow += simulatedMs;
    const fraction = simulatedMs / DAY_MS;
    const wd = weekday(localDate(s.shop.timezone, this.simNow));

    // Purchase orders that arrived in simulated time.
    this.pending.sort((a, b) => a.at - b.at);
    while (this.pending.length && this.pending[0]!.at <= this.simNow) {
      const po = this.pending.shift()!;
      if (s.level(po.inventoryItemId, po.locationId)) {
        s.receive(po);
        result.restocks++;
      }
    }

    const locations = s.data.locations;
    const byLocation: OrderLineInput[][] = locations.map(() => []);
    for (const level of s.data.inventoryLevels) {
      const item = s.itemsById.get(level.inventoryItemId);
      const profile = item && this.profiles.get(item.variantId);
      if (!item || !profile) continue;
      const li = locations.findIndex((l) => l.id === level.locationId);
      const mean = expectedUnits(profile, li, wd, fraction);
      let n = this.rng.negBinomial(mean, profile.dispersion);
      if (item.tracked) n = Math.min(n, Math.max(0, level.available));
      if (n > 0) byLocation[li]!.push({ variantId: item.variantId, quantity: n });
    }
    locations.forEach((loc, li) => {
      const lines = this.rng.shuffle(byLocation[li]!);
      for (let i = 0; i < lines.length;) {
        const chunk = lines.slice(i, i + linesPerOrder(this.rng));
        i += chunk.length;
        const order = s.placeOrder(loc.id, chunk);
        this.recent.push(order);
        result.orders++;
      }
    });
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);

    for (const order of [...this.recent]) {
      if (order.cancelledAt !== null) continue;
      if (this.rng.chance(0.004 * Math.min(1, fraction * 24))) {
        s.cancelOrder(order.id, "CUSTOMER");
        result.cancels++;
      } else if (
        this.rng.chance(0.006 * Math.min(1, fraction * 24)) &&
        order.refunds.length === 0
      ) {
        const line = this.rng.pick(order.lineItems);
        s.refund(order.id, [{ lineItemId: line.id, quantity: 1, restock: this.rng.chance(0.7) }]);
        result.refunds++;
      }
    }

    this.reorder();
    return result;
  }

  private reorder() {
    const s = this.store;
    const onOrder = new Map<string, number>();
    for (const p of this.pending) {
      const k = `${p.inventoryItemId}:${p.locationId}`;
      onOrder.set(k, (onOrder.get(k) ?? 0) + p.quantity);
    }
    for (const level of s.data.inventoryLevels) {
      const item = s.itemsById.get(level.inventoryItemId);
      const profile = item && this.profiles.get(item.variantId);
      if (!item?.tracked || !profile?.restocks || profile.demandClass === "dead") continue;
      const li = s.data.locations.findIndex((l) => l.id === level.locationId);
      const share = profile.locationShare[li] ?? 0;
      const reorderPoint = Math.ceil(profile.reorderPoint * share);
      const orderUpTo = Math.max(reorderPoint + 1, Math.ceil(profile.orderUpTo * share));
      const k = `${level.inventoryItemId}:${level.locationId}`;
      const incoming = onOrder.get(k) ?? 0;
      if (level.available + incoming > reorderPoint) continue;
      const lead = Math.max(2, profile.leadTimeDays + this.rng.int(-2, 3));
      const restock = {
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        at: this.simNow + lead * DAY_MS,
        quantity: orderUpTo - level.available - incoming,
        ref: s.newPurchaseOrderId(),
        orderedAt: this.simNow,
      };
      this.pending.push(restock);
      s.orderRestock(restock);
    }
  }
}
