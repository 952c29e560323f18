import { describe, expect, it } from "vitest";
import { generateShop } from "./generate.ts";
import { shopStats, verifyLedger } from "./stats.ts";
import { localDate } from "./time.ts";

const NOW = Date.parse("2026-11-20T17:30:00Z");

describe("generateShop (demo preset)", () => {
  const shop = generateShop({ seed: 42, now: NOW });
  const stats = shopStats(shop);

  it("is the same shop for the same seed, and another for another seed", () => {
    const again = generateShop({ seed: 42, now: NOW });
    expect(JSON.stringify(again)).toBe(JSON.stringify(shop));
    const other = generateShop({ seed: 43, now: NOW });
    expect(other.variants.map((v) => v.sku)).not.toEqual(shop.variants.map((v) => v.sku));
  });

  it("keeps the catalog when only the clock moves", () => {
    const later = generateShop({ seed: 42, now: NOW + 3 * 86_400_000 });
    expect(later.variants.map((v) => [v.id, v.sku, v.price])).toEqual(
      shop.variants.map((v) => [v.id, v.sku, v.price]),
    );
  });

  it("has the size the demo needs", () => {
    expect(stats.variants).toBeGreaterThanOrEqual(500);
    expect(stats.products).toBeGreaterThanOrEqual(120);
    expect(stats.locations).toBe(2);
    expect(stats.vendors).toBeGreaterThanOrEqual(8);
    expect(stats.productTypes).toBeGreaterThanOrEqual(10);
    expect(stats.orders).toBeGreaterThan(7_000);
    expect(stats.orders).toBeLessThan(11_000);
  });

  it("covers 90 days of history up to today", () => {
    const first = Date.parse(`${stats.firstOrderDate}T12:00:00Z`);
    expect(Math.round((NOW - first) / 86_400_000)).toBeGreaterThanOrEqual(89);
    expect(stats.lastOrderDate).toBe(localDate(shop.shop.timezone, NOW));
    expect(shop.orders.every((o) => o.createdAt <= NOW)).toBe(true);
  });

  it("holds stock consistent with every sale, restock, cancellation and return", () => {
    expect(verifyLedger(shop)).toEqual([]);
  });

  it("has orders of 1 to 4 lines, some cancelled and some refunded", () => {
    const sizes = new Set(shop.orders.map((o) => o.lineItems.length));
    expect([...sizes].sort()).toEqual([1, 2, 3, 4]);
    expect(stats.cancelledOrders / stats.orders).toBeGreaterThan(0.01);
    expect(stats.refundedOrders / stats.orders).toBeGreaterThan(0.015);
    const cancelled = shop.orders.find((o) => o.cancelledAt !== null)!;
    expect(cancelled.refunds[0]!.lines.every((l) => l.restockType === "CANCEL")).toBe(true);
    // Ids and order numbers grow with time, as on Shopify.
    for (let i = 1; i < shop.orders.length; i++) {
      expect(shop.orders[i]!.id).toBeGreaterThan(shop.orders[i - 1]!.id);
      expect(shop.orders[i]!.createdAt).toBeGreaterThanOrEqual(shop.orders[i - 1]!.createdAt);
    }
  });

  it("mixes fast, steady, slow, intermittent and dead sellers", () => {
    for (const n of Object.values(stats.demandClasses)) expect(n).toBeGreaterThan(10);
    const fast = shop.demand.filter((d) => d.demandClass === "fast").map((d) => d.dailyRate);
    const slow = shop.demand.filter((d) => d.demandClass === "slow").map((d) => d.dailyRate);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(fast)).toBeGreaterThan(10 * median(slow));
  });

  it("sells more at weekends", () => {
    expect(stats.weekendLift).toBeGreaterThan(1.2);
  });

  it("runs items out and restocks them", () => {
    expect(stats.levelsThatRanOut).toBeGreaterThan(50);
    expect(stats.levelsRestockedAfterStockout).toBeGreaterThan(20);
    expect(stats.levelsOutOfStockNow).toBeGreaterThan(10);
    expect(stats.restockDeliveries).toBeGreaterThan(200);
    expect(shop.pendingRestocks.length).toBeGreaterThan(10);
  });

  it("leaves gaps for the missing-data alerts", () => {
    expect(stats.untrackedVariants).toBeGreaterThan(5);
    expect(stats.variantsWithoutSku).toBeGreaterThan(0);
    expect(stats.variantsWithoutPrice).toBeGreaterThan(0);
  });
});

describe("generateShop (bench preset)", () => {
  it("generates about 50,000 orders in a few seconds", () => {
    const started = performance.now();
    const shop = generateShop({ seed: 7, preset: "bench", now: NOW });
    const ms = performance.now() - started;
    expect(shop.orders.length).toBeGreaterThan(45_000);
    expect(shop.orders.length).toBeLessThan(56_000);
    expect(ms).toBeLessThan(10_000);
    expect(verifyLedger(shop)).toEqual([]);
  }, 30_000);
});
