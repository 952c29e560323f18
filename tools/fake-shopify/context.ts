// What every resolver sees: the shop's store, its bulk operations, and whether this execution
// serves a bulk operation (which reads whole connections instead of pages).
import type { ShopStore } from "./store.ts";
import type { BulkOperationView, BulkRunResult } from "./bulk.ts";

export type BulkApi = {
  run(
    store: ShopStore,
    query: string,
    opts?: { groupObjects?: boolean; apiVersion?: string },
  ): BulkRunResult;
  list(shop: string): BulkOperationView[];
  cancel(shop: string, id: number): BulkRunResult;
  get(shop: string, id: number): BulkOperationView | null;
  current(shop: string): BulkOperationView | null;
};

/**
 * A bulk operation runs its query in windows of the top-level connections, so a 50,000-order
 * export never holds the whole result tree in memory; `more` says another window is needed.
 */
export type BulkWindow = { offset: number; size: number; more: boolean };

export type GraphqlContext = {
  store: ShopStore;
  bulk: BulkApi;
  isBulk: boolean;
  now: number;
  /** The version in the request's path (/admin/api/{version}/graphql.json). */
  apiVersion?: string;
  bulkWindow?: BulkWindow;
};
