import type { Tx } from "../../infra/db.ts";
import type { Logger } from "../../infra/log.ts";

export type ShopRow = { id: number; domain: string; timezone: string; status: string };

export type ApplyContext = { tx: Tx; shop: ShopRow; log: Logger };

// What applying an event changed: variants whose forecast must be recomputed.
export type ApplyResult = { dirtyVariants: string[] };
