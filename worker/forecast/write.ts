// Writes a batch of forecasts in one statement (unnest), replacing each variant's previous one.
import type { Tx } from "../../infra/db.ts";
import { addDays, type VariantForecast } from "../../domain/forecast/index.ts";

export type ForecastRow = {
  variantId: string;
  asOf: string;
  available: number;
  tracked: boolean;
  f: VariantForecast;
  incoming?: number; // units on their way
  nextArrival?: { expectedOn: string; quantity: number } | null;
};

// The next arrival the gap is measured to (the engine merges what lands today into the stock on
// hand, so its gap is to the one after), else the soonest one.
function nextArrival(r: ForecastRow): { on: string; qty: number } | null {
  const gap = r.f.arrivalGap;
  if (gap) return { on: addDays(r.asOf, gap.day), qty: gap.quantity };
  return r.nextArrival ? { on: r.nextArrival.expectedOn, qty: r.nextArrival.quantity } : null;
}

export async function writeForecasts(tx: Tx, shopId: number, rows: ForecastRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: ForecastRow) => T) => rows.map(pick);
  await tx.query(
    `INSERT INTO forecasts AS f (shop_id, variant_id, method, computed_at, as_of, available, tracked, velocity,
        days_of_cover, stockout_p10, stockout_p50, stockout_p90, p_stockout_lead, p_stockout_horizon,
        demand30_mean, demand30_p10, demand30_p90, reorder_point, suggested_qty, demand_class, dead_stock,
        revenue_at_risk, status, stockout_p25, incoming, next_arrival_on, next_arrival_qty, p_stockout_gap,
        gap_days, gap_revenue)
     SELECT $1, x.*
     FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::date[], $6::int[], $7::boolean[], $8::float8[],
                 $9::float8[], $10::date[], $11::date[], $12::date[], $13::float8[], $14::float8[],
                 $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::int[], $20::text[], $21::boolean[],
                 $22::numeric[], $23::text[], $24::date[], $25::int[], $26::date[], $27::int[], $28::float8[],
                 $29::float8[], $30::numeric[]) AS x
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET
       method = EXCLUDED.method, computed_at = EXCLUDED.computed_at, as_of = EXCLUDED.as_of,
       available = EXCLUDED.available, tracked = EXCLUDED.tracked, velocity = EXCLUDED.velocity,
       days_of_cover = EXCLUDED.days_of_cover, stockout_p10 = EXCLUDED.stockout_p10,
       stockout_p50 = EXCLUDED.stockout_p50, stockout_p90 = EXCLUDED.stockout_p90,
       p_stockout_lead = EXCLUDED.p_stockout_lead, p_stockout_horizon = EXCLUDED.p_stockout_horizon,
       demand30_mean = EXCLUDED.demand30_mean, demand30_p10 = EXCLUDED.demand30_p10,
       demand30_p90 = EXCLUDED.demand30_p90, reorder_point = EXCLUDED.reorder_point,
       suggested_qty = EXCLUDED.suggested_qty, demand_class = EXCLUDED.demand_class,
       dead_stock = EXCLUDED.dead_stock, revenue_at_risk = EXCLUDED.revenue_at_risk, status = EXCLUDED.status,
       stockout_p25 = EXCLUDED.stockout_p25, incoming = EXCLUDED.incoming,
       next_arrival_on = EXCLUDED.next_arrival_on, next_arrival_qty = EXCLUDED.next_arrival_qty,
       p_stockout_gap = EXCLUDED.p_stockout_gap, gap_days = EXCLUDED.gap_days,
       gap_revenue = EXCLUDED.gap_revenue`,
    [
      shopId,
      col((r) => r.variantId),
      col((r) => r.f.method),
      col(() => new Date()),
      col((r) => r.asOf),
      col((r) => r.available),
      col((r) => r.tracked),
      col((r) => finite(r.f.velocity) ?? 0),
      col((r) => finite(r.f.daysOfCover)),
      col((r) => r.f.stockoutP10),
      col((r) => r.f.stockoutP50),
      col((r) => r.f.stockoutP90),
      col((r) => finite(r.f.pStockoutLead)),
      col((r) => finite(r.f.pStockoutHorizon)),
      col((r) => finite(r.f.demand30Mean)),
      col((r) => finite(r.f.demand30P10)),
      col((r) => finite(r.f.demand30P90)),
      col((r) => finite(r.f.reorderPoint)),
      col((r) => r.f.suggestedQty),
      col((r) => r.f.demandClass),
      col((r) => r.f.deadStock),
      col((r) => (finite(r.f.revenueAtRisk) ?? 0).toFixed(2)),
      col((r) => r.f.status),
      col((r) => r.f.stockoutP25),
      col((r) => r.incoming ?? 0),
      col((r) => nextArrival(r)?.on ?? null),
      col((r) => nextArrival(r)?.qty ?? null),
      col((r) => finite(r.f.arrivalGap?.pStockout ?? null)),
      col((r) => finite(r.f.arrivalGap?.expectedDays ?? null)),
      col((r) => {
        const x = finite(r.f.arrivalGap?.lostRevenue ?? null);
        return x === null ? null : x.toFixed(2);
      }),
    ],
  );
}

// NaN and ±Infinity have no place in a report: store them as "unknown".
function finite(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
