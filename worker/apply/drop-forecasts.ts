// A variant that is deleted (by webhook, or missing from a catalog export) has no stock to run
// out of: its forecast and any pending recompute go with it. Its history stays until shop/redact.
import type { Tx } from "../../infra/db.ts";

export async function dropForecasts(tx: Tx, shopId: number, variantIds: string[]): Promise<void> {
  if (variantIds.length === 0) return;
  await tx.query(`DELETE FROM forecasts WHERE shop_id = $1 AND variant_id = ANY($2::bigint[])`, [
    shopId,
    variantIds,
  ]);
  await tx.query(
    `DELETE FROM forecast_dirty WHERE shop_id = $1 AND variant_id = ANY($2::bigint[])`,
    [shopId, variantIds],
  );
}
