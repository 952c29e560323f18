// Per-variant overrides written from the dashboard (bulk actions, the variant form, snoozing an
// alert). Ids from the browser are only ever used joined to this shop's own variants.
import type { Queryable } from "../../infra/db.ts";
import { fieldErrors, variantOverrideSchema, type VariantOverride } from "../../domain/settings.ts";

export type BulkChange =
  | { kind: "snooze"; until: Date }
  | { kind: "unsnooze" }
  | { kind: "mute"; muted: boolean }
  | { kind: "leadTime"; days: number | null };

export const SNOOZE_DAYS = [1, 3, 7, 14, 30] as const;

export async function applyBulk(
  db: Queryable,
  shopId: number,
  variantIds: string[],
  change: BulkChange,
): Promise<number> {
  if (variantIds.length === 0) return 0;
  const [column, value] =
    change.kind === "snooze"
      ? ["snoozed_until", change.until]
      : change.kind === "unsnooze"
        ? ["snoozed_until", null]
        : change.kind === "mute"
          ? ["muted", change.muted]
          : ["lead_time_days", change.days];
  const r = await db.query(
    `INSERT INTO variant_overrides (shop_id, variant_id, ${column}, updated_at)
     SELECT $1, v.id, $3, now() FROM variants v
     WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[]) AND v.deleted_at IS NULL
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET ${column} = EXCLUDED.${column}, updated_at = now()`,
    [shopId, variantIds, value],
  );
  // Lead time changes the reorder point and revenue at risk: have the worker recompute.
  if (change.kind === "leadTime") await markDirty(db, shopId, variantIds);
  return r.rowCount ?? 0;
}

// Parses the bulk form: { action, days?, leadTime? } → a change or field errors (lead time is
// validated by the same schema as the variant form).
export function parseBulkChange(
  form: FormData,
  now = new Date(),
): { change: BulkChange } | { errors: Record<string, string> } {
  const action = String(form.get("action") ?? "");
  if (action === "snooze") {
    const days = Number(form.get("days"));
    if (!(SNOOZE_DAYS as readonly number[]).includes(days))
      return { errors: { days: "Choose how long to snooze" } };
    return { change: { kind: "snooze", until: new Date(now.getTime() + days * 86_400_000) } };
  }
  if (action === "unsnooze") return { change: { kind: "unsnooze" } };
  if (action === "mute" || action === "unmute")
    return { change: { kind: "mute", muted: action === "mute" } };
  if (action === "leadTime") {
    const parsed = variantOverrideSchema.shape.leadTimeDays.safeParse(form.get("leadTime") ?? "");
    if (!parsed.success)
      return { errors: { leadTime: fieldErrors(parsed.error)._form ?? "Invalid lead time" } };
    return { change: { kind: "leadTime", days: parsed.data } };
  }
  return { errors: { action: "Unknown action" } };
}

export async function saveVariantOverride(
  db: Queryable,
  shopId: number,
  o: VariantOverride,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO variant_overrides (shop_id, variant_id, threshold, lead_time_days, muted, snoozed_until,
                                    min_order_qty, pack_size, on_order, updated_at)
     SELECT $1, v.id, $3, $4, $5, $6, $7, $8, $9, now() FROM variants v
     WHERE v.shop_id = $1 AND v.id = $2::bigint
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET
       threshold = EXCLUDED.threshold, lead_time_days = EXCLUDED.lead_time_days, muted = EXCLUDED.muted,
       snoozed_until = EXCLUDED.snoozed_until, min_order_qty = EXCLUDED.min_order_qty,
       pack_size = EXCLUDED.pack_size, on_order = EXCLUDED.on_order, updated_at = now()`,
    [
      shopId,
      o.variantId,
      o.threshold,
      o.leadTimeDays,
      o.muted,
      o.snoozedUntil,
      o.minOrderQty,
      o.packSize,
      o.onOrder,
    ],
  );
  if (!r.rowCount) return false;
  await markDirty(db, shopId, [o.variantId]);
  return true;
}

// The worker's sweeper picks dirty rows up and recomputes (decision 0008).
export async function markDirty(db: Queryable, shopId: number, variantIds: string[]) {
  await db.query(
    `INSERT INTO forecast_dirty (shop_id, variant_id)
     SELECT $1, v.id FROM variants v WHERE v.shop_id = $1 AND v.id = ANY($2::bigint[])
     ON CONFLICT (shop_id, variant_id) DO UPDATE SET marked_at = now()`,
    [shopId, variantIds],
  );
}
