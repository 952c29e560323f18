// After a sync job failed: was it because the shop uninstalled meanwhile (its token revoked)?
// Then nothing failed. When Postgres cannot say either, the failure is treated as one.
import type { Queryable } from "../../infra/db.ts";

export function shopGone(db: Queryable, shopId: number): Promise<boolean> {
  return db.query<{ status: string }>(`SELECT status FROM shops WHERE id = $1`, [shopId]).then(
    (r) => r.rows[0]?.status !== "installed",
    () => false,
  );
}
