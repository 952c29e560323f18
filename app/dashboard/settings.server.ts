// The shop's alert policy: read with defaults filled in, written only after validation by
// domain/settings.ts. A change re-evaluates every variant under the new policy, silently: what
// the new policy opens shows on the dashboard instead of arriving as a burst of notifications.
import type { Queryable } from "../../infra/db.ts";
import { fieldErrors, shopSettingsSchema, type ShopSettings } from "../../domain/settings.ts";
import { formToObject } from "./forms.ts";

export type SaveResult =
  { ok: true; settings: ShopSettings } | { ok: false; errors: Record<string, string> };

export async function saveShopSettings(
  db: Queryable,
  shopId: number,
  current: ShopSettings,
  form: FormData,
): Promise<SaveResult> {
  const parsed = shopSettingsSchema.safeParse(formToObject(form));
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const changed = JSON.stringify(parsed.data) !== JSON.stringify(current);
  // One statement: the policy-change mark and the dirty rows it explains commit together.
  await db.query(
    `WITH saved AS (
       INSERT INTO shop_settings (shop_id, settings, silent_reevaluation, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (shop_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now(),
         silent_reevaluation = shop_settings.silent_reevaluation OR EXCLUDED.silent_reevaluation
       RETURNING shop_id)
     INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT v.shop_id, v.id FROM variants v, saved
     WHERE v.shop_id = saved.shop_id AND v.deleted_at IS NULL AND $3
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
    [shopId, JSON.stringify(parsed.data), changed],
  );
  return { ok: true, settings: parsed.data };
}
