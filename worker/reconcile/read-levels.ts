// Reads a shop's current inventory levels from Shopify, in batches, the cheapest way for its size:
// paging location by location (about 4 cost points a level, waiting on the cost bucket as the
// admin module does) for small shops, one bulk operation (no cost points, one at a time per shop)
// for large ones. Untracked items have no stock to repair; they are reported with tracked: false
// so the sweep learns when Shopify stopped (or started) tracking an item.
import { legacyId, levelInventoryItemId, type ShopifyAdmin } from "../../infra/shopify-admin.ts";
import {
  INVENTORY_LEVELS_BULK_QUERY,
  INVENTORY_LEVELS_PAGE_QUERY,
  LOCATIONS_QUERY,
  availableOf,
  incomingOf,
  isLevelsBulkLevel,
  type InventoryLevelsPageData,
  type LevelNode,
  type LevelsBulkRecord,
  type LocationNode,
  type LocationsData,
} from "../../infra/shopify-queries.ts";
import type { Logger } from "../../infra/log.ts";
import type { BulkWake } from "../backfill/bulk-wake.ts";
import { completedBulkOperation } from "../backfill/bulk.ts";

export type LevelObservation = {
  itemId: string;
  locationId: string;
  tracked: boolean;
  available: number;
  incoming: number;
  updatedAt: string;
};

const PAGE = 100;

export async function* pagedLevels(
  admin: ShopifyAdmin,
  signal?: AbortSignal,
): AsyncGenerator<LevelObservation[]> {
  const locations: LocationNode[] = [];
  for await (const page of admin.pages<LocationsData, LocationNode>(
    LOCATIONS_QUERY,
    (d) => d.locations,
    { signal },
  )) {
    locations.push(...page.filter((l) => l.isActive));
  }
  for (const loc of locations) {
    const locationId = legacyId(loc.id);
    for await (const nodes of admin.pages<InventoryLevelsPageData, LevelNode>(
      INVENTORY_LEVELS_PAGE_QUERY,
      (d) => d.location?.inventoryLevels,
      { variables: { locationId: loc.id, first: PAGE }, signal },
    )) {
      const batch: LevelObservation[] = [];
      for (const n of nodes) {
        const available = availableOf(n.quantities);
        if (available === null) continue;
        batch.push({
          itemId: legacyId(n.item.id),
          locationId,
          tracked: n.item.tracked,
          available,
          incoming: incomingOf(n.quantities),
          updatedAt: n.updatedAt,
        });
      }
      yield batch;
    }
  }
}

export async function* bulkLevels(
  admin: ShopifyAdmin,
  o: { wake: BulkWake; log: Logger; signal?: AbortSignal; batchSize: number },
): AsyncGenerator<LevelObservation[]> {
  const op = await completedBulkOperation(INVENTORY_LEVELS_BULK_QUERY, {
    admin,
    wake: o.wake,
    log: o.log,
    signal: o.signal,
    savedId: null,
    save: async () => {},
  });
  let batch: LevelObservation[] = [];
  for await (const rec of admin.bulkRecords<LevelsBulkRecord>(op, o.signal)) {
    if (!isLevelsBulkLevel(rec)) continue;
    const available = availableOf(rec.quantities);
    const item = levelInventoryItemId(rec.id);
    if (available === null || item === null) continue;
    batch.push({
      itemId: item,
      locationId: legacyId(rec.__parentId),
      tracked: rec.item.tracked,
      available,
      incoming: incomingOf(rec.quantities),
      updatedAt: rec.updatedAt,
    });
    if (batch.length >= o.batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
