// Merchant-editable settings: the shop's alert policy, vendor and variant overrides, and
// notification channels. Every write goes through these schemas; forms show `fieldErrors()`.
// Form posts arrive as strings, so number and boolean fields accept their string forms too; an
// empty optional field means "not set" (null), an empty required one is an error.
import { z } from "zod";
import { SEVERITIES, type AlertKind, type Severity } from "./alerts/types.ts";
import type { ForecastOptions } from "./forecast/types.ts";

// ── Field helpers ─────────────────────────────────────────────────────────────────────────
// "" from an empty input means "not given", never zero.
export const blankToUndefined = (v: unknown) =>
  typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v;

export function int(label: string, min: number, max: number, unit = "") {
  const range = `between ${min} and ${max}${unit ? ` ${unit}` : ""}`;
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: `${label} must be a number` })
      .int({ error: `${label} must be a whole number` })
      .min(min, { error: `${label} must be ${range}` })
      .max(max, { error: `${label} must be ${range}` }),
  );
}

function decimal(label: string, min: number, max: number) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" && /^-?\d*\.?\d+$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: `${label} must be a number` })
      .min(min, { error: `${label} must be between ${min} and ${max}` })
      .max(max, { error: `${label} must be between ${min} and ${max}` }),
  );
}

export const bool = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    if (["true", "on", "1", "yes"].includes(s)) return true;
    if (["false", "off", "0", "no", ""].includes(s)) return false;
    return v;
  },
  z.boolean({ error: "must be on or off" }),
);

export const optionalInt = (label: string, min: number, max: number, unit = "") =>
  z.preprocess(
    (v) => (blankToUndefined(v) === undefined ? null : v),
    int(label, min, max, unit).nullable(),
  );

// ── Shop settings ─────────────────────────────────────────────────────────────────────────
const kindsSchema = z
  .object({
    stockout_predicted: bool.default(true),
    low_stock: bool.default(true),
    out_of_stock: bool.default(true),
    // Off by default: useful in a weekly digest, noise as instant pings for a small shop.
    dead_stock: bool.default(false),
    missing_data: bool.default(false),
  })
  .default({
    stockout_predicted: true,
    low_stock: true,
    out_of_stock: true,
    dead_stock: false,
    missing_data: false,
  });

export const STOCKOUT_QUANTILES = ["p10", "p25", "p50"] as const;
export type StockoutQuantile = (typeof STOCKOUT_QUANTILES)[number];

export const shopSettingsSchema = z.object({
  lowStockThreshold: int("Low-stock threshold", 0, 100_000, "units").default(5),
  // Alert when the stockout date falls within lead time + this many days.
  alertHorizonDays: int("Alert horizon", 0, 180, "days").default(7),
  // Which stockout date alerts go by: p50 = the most likely date; p25 and p10 earlier ones
  // (alert sooner and more often). p25 by default: measured, it flags about 7 in 10 stockouts
  // at least the lead time ahead, and about 7 in 10 of its flags do run out (P50: half, too
  // late; P10: 85 %, but 42 % of the flags for nothing) — docs/forecasting/alerts.md.
  stockoutQuantile: z.enum(STOCKOUT_QUANTILES, { error: "Choose P10, P25 or P50" }).default("p25"),
  leadTimeDays: int("Lead time", 0, 365, "days").default(14),
  serviceLevel: decimal("Service level", 0.5, 0.999).default(0.95),
  reviewPeriodDays: int("Review period", 1, 90, "days").default(7),
  targetCoverDays: int("Target cover", 1, 365, "days").default(30),
  deadStockDays: int("Dead-stock period", 7, 730, "days").default(60),
  alertKinds: kindsSchema,
  // Safety net against flapping: a resolved condition cannot re-open for this long.
  cooldownMinutes: int("Cooldown", 0, 10_080, "minutes").default(60),
  notifyOnResolve: bool.default(true),
});
export type ShopSettings = z.output<typeof shopSettingsSchema>;
export type ShopSettingsInput = z.input<typeof shopSettingsSchema>;

export const defaultShopSettings: ShopSettings = shopSettingsSchema.parse({});

// Stored settings may predate a field: missing or invalid fields fall back to defaults instead of
// stopping alerting for the whole shop.
export function readShopSettings(stored: unknown): ShopSettings {
  const parsed = shopSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const obj = typeof stored === "object" && stored !== null ? { ...stored } : {};
  for (const issue of parsed.error.issues) {
    const top = issue.path[0];
    if (typeof top === "string") delete (obj as Record<string, unknown>)[top];
  }
  const retry = shopSettingsSchema.safeParse(obj);
  return retry.success ? retry.data : defaultShopSettings;
}

// ── Overrides ─────────────────────────────────────────────────────────────────────────────
export const vendorOverrideSchema = z.object({
  vendor: z
    .string({ error: "Vendor is required" })
    .trim()
    .min(1, { error: "Vendor is required" })
    .max(255, { error: "Vendor must be at most 255 characters" }),
  threshold: optionalInt("Low-stock threshold", 0, 100_000, "units").default(null),
  leadTimeDays: optionalInt("Lead time", 0, 365, "days").default(null),
  muted: bool.default(false),
});
export type VendorOverride = z.output<typeof vendorOverrideSchema>;

export const variantOverrideSchema = z.object({
  variantId: z
    .union([z.string(), z.number(), z.bigint()])
    .transform(String)
    .pipe(z.string().regex(/^\d+$/, { error: "Variant id must be a number" })),
  threshold: optionalInt("Low-stock threshold", 0, 100_000, "units").default(null),
  leadTimeDays: optionalInt("Lead time", 0, 365, "days").default(null),
  muted: bool.default(false),
  snoozedUntil: z
    .preprocess(
      (v) =>
        blankToUndefined(v) === undefined ? null : v instanceof Date ? v : new Date(String(v)),
      z.date({ error: "Snooze until must be a valid date" }).nullable(),
    )
    .default(null),
  minOrderQty: optionalInt("Minimum order quantity", 0, 1_000_000, "units").default(null),
  packSize: optionalInt("Pack size", 1, 100_000, "units").default(null),
  onOrder: int("On order", 0, 10_000_000, "units").default(0),
});
export type VariantOverride = z.output<typeof variantOverrideSchema>;

// ── Effective per-variant parameters: shop ← vendor ← variant ─────────────────────────────
export type EffectiveParams = {
  lowStockThreshold: number;
  leadTimeDays: number;
  horizonDays: number;
  stockoutQuantile: StockoutQuantile;
  serviceLevel: number;
  reviewDays: number;
  targetCoverDays: number;
  deadStockDays: number;
  minOrderQty: number;
  packSize: number;
  onOrder: number;
  // A vendor mute cannot be undone per variant: the override row has no "unmute" state.
  muted: boolean;
  snoozedUntil: Date | null;
  kinds: Record<AlertKind, boolean>;
  cooldownMinutes: number;
  notifyOnResolve: boolean;
};

type OverrideLike = { threshold?: number | null; leadTimeDays?: number | null; muted?: boolean };

export function effectiveParams(
  shop: ShopSettings,
  vendor?: OverrideLike | null,
  variant?: (OverrideLike & Partial<Omit<VariantOverride, keyof OverrideLike>>) | null,
): EffectiveParams {
  const pick = <T>(...values: (T | null | undefined)[]): T | undefined =>
    values.find((v) => v !== null && v !== undefined) ?? undefined;
  return {
    lowStockThreshold: pick(variant?.threshold, vendor?.threshold, shop.lowStockThreshold) ?? 0,
    leadTimeDays: pick(variant?.leadTimeDays, vendor?.leadTimeDays, shop.leadTimeDays) ?? 0,
    horizonDays: shop.alertHorizonDays,
    stockoutQuantile: shop.stockoutQuantile,
    serviceLevel: shop.serviceLevel,
    reviewDays: shop.reviewPeriodDays,
    targetCoverDays: shop.targetCoverDays,
    deadStockDays: shop.deadStockDays,
    minOrderQty: variant?.minOrderQty ?? 0,
    packSize: variant?.packSize ?? 1,
    onOrder: variant?.onOrder ?? 0,
    muted: Boolean(vendor?.muted) || Boolean(variant?.muted),
    snoozedUntil: variant?.snoozedUntil ?? null,
    kinds: { ...shop.alertKinds },
    cooldownMinutes: shop.cooldownMinutes,
    notifyOnResolve: shop.notifyOnResolve,
  };
}

export function toForecastOptions(p: EffectiveParams): ForecastOptions {
  return {
    leadTimeDays: p.leadTimeDays,
    horizonDays: p.horizonDays,
    serviceLevel: p.serviceLevel,
    reviewDays: p.reviewDays,
    targetCoverDays: p.targetCoverDays,
    deadStockDays: p.deadStockDays,
    onOrder: p.onOrder,
    minOrderQty: p.minOrderQty,
    packSize: p.packSize,
  };
}

export function isSnoozed(p: Pick<EffectiveParams, "snoozedUntil">, now: Date): boolean {
  return p.snoozedUntil !== null && p.snoozedUntil.getTime() > now.getTime();
}

// ── Channels: what every kind shares ─────────────────────────────────────────────────────
// Each kind's own settings (destination, secrets) live with the kind (channels/<kind>/); the
// full schema is assembled from the registry (channels/settings.ts).
export const CHANNEL_MODES = ["instant", "digest_daily", "digest_weekly"] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

export const emailAddress = z
  .string({ error: "Enter an email address" })
  .trim()
  .pipe(z.email({ error: "Enter a valid email address" }));

export const httpsUrl = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(2048, { error: `${label} is too long` })
    .refine((v) => URL.canParse(v), { error: `${label} must be a URL` })
    .refine((v) => !URL.canParse(v) || new URL(v).protocol === "https:", {
      error: `${label} must start with https://`,
    });

// "HH:MM" from a time input, or minutes after local midnight as stored.
const minuteOfDay = (label: string) =>
  z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      if (typeof b !== "string") return b;
      const m = /^(\d{1,2}):(\d{2})$/.exec(b);
      if (m) return Number(m[1]) * 60 + Number(m[2]);
      return /^\d+$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: `${label} must be a time like 22:00` })
      .int({ error: `${label} must be a time like 22:00` })
      .min(0, { error: `${label} must be between 00:00 and 23:59` })
      .max(1439, { error: `${label} must be between 00:00 and 23:59` })
      .nullable()
      .default(null),
  );

export const channelBaseFields = {
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, { error: "Name is required" })
    .max(60, { error: "Name must be at most 60 characters" }),
  enabled: bool.default(true),
  mode: z
    .enum(CHANNEL_MODES, { error: "Choose instant, daily digest or weekly digest" })
    .default("instant"),
  digestHour: int("Digest hour", 0, 23).default(8),
  // 0 = Sunday … 6 = Saturday, as Date#getDay.
  digestWeekday: int("Digest weekday", 0, 6).default(1),
  quietStart: minuteOfDay("Quiet hours start"),
  quietEnd: minuteOfDay("Quiet hours end"),
  minSeverity: z
    .enum(SEVERITIES, { error: "Choose critical, warning or attention" })
    .default("attention"),
  fallbackChannelId: optionalInt("Fallback channel", 1, 2_147_483_647).default(null),
};

type QuietHours = { quietStart: number | null; quietEnd: number | null };

export function checkQuietHours(c: QuietHours, ctx: z.RefinementCtx): void {
  if ((c.quietStart === null) !== (c.quietEnd === null)) {
    const path = c.quietStart === null ? "quietStart" : "quietEnd";
    ctx.addIssue({ code: "custom", path: [path], message: "Set both ends of quiet hours" });
  } else if (c.quietStart !== null && c.quietStart === c.quietEnd) {
    ctx.addIssue({
      code: "custom",
      path: ["quietEnd"],
      message: "Quiet hours must end at a different time than they start",
    });
  }
}
export type { Severity };

// ── Form errors ───────────────────────────────────────────────────────────────────────────
// Zod issues → { "config.recipients.1": "Enter a valid email address" }, first message per field.
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "_form";
    out[field] ??= issue.message;
  }
  return out;
}
