// Shop registration: the first authenticated load after install records the shop (again after a
// reinstall). Later issues hang the backfill off this.
import type { Queryable } from "../infra/db.ts";

export async function registerShop(
  db: Queryable,
  domain: string,
  scopes: string | null,
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO shops (domain, scopes, status, installed_at, updated_at)
     VALUES ($1, $2, 'installed', now(), now())
     ON CONFLICT (domain) DO UPDATE
       SET scopes = EXCLUDED.scopes, status = 'installed', uninstalled_at = NULL, updated_at = now(),
           installed_at = CASE WHEN shops.status = 'installed' THEN shops.installed_at ELSE now() END
     RETURNING id`,
    [domain, scopes],
  );
  return rows[0]!.id;
}
