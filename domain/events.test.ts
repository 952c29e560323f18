import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOPICS, parsePayload } from "./events.ts";

const toml = readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8");
const subscribed = [...toml.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)].flatMap(
  (m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((t) => t[1]!),
);

describe("webhook topics", () => {
  it("parses every topic shopify.app.toml subscribes to (intake acknowledges others unrecorded)", () => {
    expect(subscribed.length).toBeGreaterThan(10);
    expect(subscribed.filter((t) => !TOPICS.includes(t as never))).toEqual([]);
    for (const t of ["inventory_items/update", "inventory_items/delete", "locations/delete"])
      expect(subscribed).toContain(t);
  });

  it("reads tracking and cost from inventory_items/update, as Shopify sends it", () => {
    const parsed = parsePayload("inventory_items/update", {
      id: 808950810,
      sku: "IPOD2008PINK",
      created_at: "2025-04-02T11:29:59-05:00",
      updated_at: "2025-04-02T11:37:01-05:00",
      requires_shipping: true,
      cost: "25.00",
      country_code_of_origin: null,
      province_code_of_origin: null,
      harmonized_system_code: null,
      tracked: true,
      country_harmonized_system_codes: [],
      admin_graphql_api_id: "gid://shopify/InventoryItem/808950810",
    });
    expect(parsed).toEqual({
      ok: true,
      topic: "inventory_items/update",
      payload: {
        id: "808950810",
        tracked: true,
        cost: 25,
        updated_at: "2025-04-02T11:37:01-05:00",
      },
    });
  });

  it("accepts a product whose variants say nothing of inventory_management (API 2024-07 and later)", () => {
    const parsed = parsePayload("products/update", {
      id: 1,
      title: "Tee",
      updated_at: "2026-01-01T00:00:00Z",
      variants: [{ id: 2, title: "S", sku: "T-S", price: "10.00", inventory_item_id: 3 }],
    });
    expect(parsed.ok).toBe(true);
  });

  it("keeps which transfer or shipment moved, in the documented shapes", () => {
    const shipment = parsePayload("inventory_shipments/mark_in_transit", {
      id: "gid://shopify/InventoryShipment/2048",
      status: "IN_TRANSIT",
      happened_at: "2026-12-01T10:00:00Z",
      inventory_transfer_id: "gid://shopify/InventoryTransfer/77",
    });
    expect(shipment).toEqual({
      ok: true,
      topic: "inventory_shipments/mark_in_transit",
      payload: {
        id: "gid://shopify/InventoryShipment/2048",
        happened_at: "2026-12-01T10:00:00Z",
        inventory_transfer_id: "gid://shopify/InventoryTransfer/77",
      },
    });
    const tracking = parsePayload("inventory_shipments/update_tracking", {
      shipment_id: "gid://shopify/InventoryShipment/2048",
      updated_tracking: { arrives_at: "2026-12-09T00:00:00Z" },
    });
    expect(tracking.ok).toBe(true);
    expect(parsePayload("inventory_transfers/complete", { status: "TRANSFERRED" })).toEqual({
      ok: false,
      reason: "inventory_transfers/complete: id: id or shipment_id is required",
    });
  });
});
