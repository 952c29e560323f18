// What every backfill step works with.
import type { Db } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";
import type { ShopifyAdmin } from "../../infra/shopify-admin.ts";
import type { BulkWake } from "./bulk-wake.ts";
import type { RunProgress } from "./progress.ts";

export type BackfillShop = { id: number; domain: string; timezone: string };

export type BackfillContext = {
  db: Db;
  log: Logger;
  admin: ShopifyAdmin;
  wake: BulkWake;
  shop: BackfillShop;
  runId: string;
  progress: RunProgress;
  signal: AbortSignal;
  /** Between batches: throws if the worker is stopping or the shop was uninstalled. */
  checkpoint: () => Promise<void>;
  triggerRecompute: (shopId: number) => Promise<unknown>;
  /** Rows per set-based statement. */
  batchSize: number;
};

/** The shop was uninstalled (or the run cancelled) while the backfill ran. */
export class BackfillCancelled extends Error {
  override name = "BackfillCancelled";
}
