// What every resolver sees: the shop's store, its bulk operations, and whether this execution
// serves a bulk operation (which reads whole connections instead of pages).
import type { ShopStore } from "./store.ts";
import type { BulkOperationView, BulkRunResult } from "./bulk.ts";

export type BulkApi = {
  run(store: ShopStore, query: string): BulkRunResult;
  cancel(shop: string, id: number): BulkRunResult;
  get(shop: string, id: number): BulkOperationView | null;
  current(shop: string): BulkOperationView | null;
};

export type GraphqlContext = {
  store: ShopStore;
  bulk: BulkApi;
  isBulk: boolean;
  now: number;
};
