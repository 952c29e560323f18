// Turning a demand forecast into what to do: order quantities rounded to what the supplier sells.
import type { ForecastOptions } from "./types.ts";

// Units to order to lift the stock position (on hand + on order) to `orderUpTo`: whole packs,
// at least the minimum order quantity, 0 when the position already covers it.
export function orderQuantity(orderUpTo: number, available: number, o: ForecastOptions): number {
  const short = orderUpTo - available - o.onOrder;
  if (!(short > 0)) return 0;
  const pack = Math.max(1, o.packSize);
  return Math.max(Math.ceil(short / pack - 1e-9) * pack, o.minOrderQty);
}
