// The shop's alert policy: read with defaults filled in, written only after validation by
// domain/settings.ts. Forecast inputs that change mark every variant for a recompute.
import type { Queryable } from "../../infra/db.ts";
import { fieldErrors, shopSettingsSchema, type ShopSettings } from "../../domain/settings.ts";
import { formToObject } from "./forms.ts";

const FORECAST_INPUTS: (keyof ShopSettings)[] = [
  "leadTimeDays",
  "serviceLevel",
  "reviewPeriodDays",
  "targetCoverDays",
  "deadStockDays",
  "alertHorizonDays",
];

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
  await db.query(
    `INSERT INTO shop_settings (shop_id, settings, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (shop_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [shopId, JSON.stringify(parsed.data)],
  );
  if (FORECAST_INPUTS.some((k) => parsed.data[k] !== current[k])) {
    await db.query(
      `INSERT INTO forecast_dirty (shop_id, variant_id)
       SELECT shop_id, id FROM variants WHERE shop_id = $1 AND deleted_at IS NULL
       ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
      [shopId],
    );
  }
  return { ok: true, settings: parsed.data };
}
