// Merchant-editable settings: the shop's alert policy, vendor and variant overrides, and
// notification channels. Every write goes through these schemas; forms show `fieldErrors()`.
// Messages are catalogue keys with their values (i18n/index.ts errorKey): the reader's language
// translates them. Labels are keys under "fields".
// Form posts arrive as strings, so number and boolean fields accept their string forms too; an
// empty optional field means "not set" (null), an empty required one is an error.
import { z } from "zod";
import { errorKey, LANGUAGES, translateError, translator, type T } from "../i18n/index.ts";
import { SEVERITIES, type AlertKind, type Severity } from "./alerts/types.ts";
import type { ForecastOptions } from "./forecast/types.ts";

// ── Field helpers ─────────────────────────────────────────────────────────────────────────
// "" from an empty input means "not given", never zero.
export const blankToUndefined = (v: unknown) =>
  typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v;

// `label` and `unit` are catalogue keys ("fields.leadTime", "units.days").
export function int(label: string, min: number, max: number, unit = "") {
  const L = `@${label}`;
  const range = unit
    ? errorKey("errors.betweenUnit", { label: L, min, max, unit: `@${unit}` })
    : errorKey("errors.between", { label: L, min, max });
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: errorKey("errors.number", { label: L }) })
      .int({ error: errorKey("errors.wholeNumber", { label: L }) })
      .min(min, { error: range })
      .max(max, { error: range }),
  );
}

function decimal(label: string, min: number, max: number) {
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" && /^-?\d*\.?\d+$/.test(b) ? Number(b) : b;
    },
    z
      .number({ error: errorKey("errors.number", { label: `@${label}` }) })
      .min(min, { error: errorKey("errors.between", { label: `@${label}`, min, max }) })
      .max(max, { error: errorKey("errors.between", { label: `@${label}`, min, max }) }),
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
  z.boolean({ error: errorKey("errors.onOff") }),
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
    // Stock on its way that lands after the variant runs out.
    stock_gap: bool.default(true),
    // Off by default: useful in a weekly digest, noise as instant pings for a small shop.
    dead_stock: bool.default(false),
    missing_data: bool.default(false),
  })
  .default({
    stockout_predicted: true,
    low_stock: true,
    out_of_stock: true,
    stock_gap: true,
    dead_stock: false,
    missing_data: false,
  });

export const STOCKOUT_QUANTILES = ["p10", "p25", "p50"] as const;
export type StockoutQuantile = (typeof STOCKOUT_QUANTILES)[number];
// The quantile as a probability: alerting on the P25 date means acting on a 25 % chance.
export const QUANTILE_LEVEL: Record<StockoutQuantile, number> = { p10: 0.1, p25: 0.25, p50: 0.5 };

export const shopSettingsSchema = z.object({
  lowStockThreshold: int("fields.lowStockThreshold", 0, 100_000, "units.units").default(5),
  // Alert when the stockout date falls within lead time + this many days.
  alertHorizonDays: int("fields.alertHorizon", 0, 180, "units.days").default(7),
  // Which stockout date alerts go by: p50 = the most likely date; p25 and p10 earlier ones
  // (alert sooner and more often). p25 by default: measured, it flags about 7 in 10 stockouts
  // at least the lead time ahead, and about 7 in 10 of its flags do run out (P50: half, too
  // late; P10: 85 %, but 42 % of the flags for nothing) — docs/forecasting/alerts.md.
  stockoutQuantile: z
    .enum(STOCKOUT_QUANTILES, { error: errorKey("errors.chooseQuantile") })
    .default("p25"),
  leadTimeDays: int("fields.leadTime", 0, 365, "units.days").default(14),
  serviceLevel: decimal("fields.serviceLevel", 0.5, 0.999).default(0.95),
  reviewPeriodDays: int("fields.reviewPeriod", 1, 90, "units.days").default(7),
  targetCoverDays: int("fields.targetCover", 1, 365, "units.days").default(30),
  deadStockDays: int("fields.deadStockPeriod", 7, 730, "units.days").default(60),
  alertKinds: kindsSchema,
  // Safety net against flapping: a resolved condition cannot re-open for this long.
  cooldownMinutes: int("fields.cooldown", 0, 10_080, "units.minutes").default(60),
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
    .string({ error: errorKey("errors.vendorRequired") })
    .trim()
    .min(1, { error: errorKey("errors.vendorRequired") })
    .max(255, { error: errorKey("errors.atMost", { label: "@fields.vendor", max: 255 }) }),
  threshold: optionalInt("fields.lowStockThreshold", 0, 100_000, "units.units").default(null),
  leadTimeDays: optionalInt("fields.leadTime", 0, 365, "units.days").default(null),
  reviewDays: optionalInt("fields.reviewPeriod", 1, 90, "units.days").default(null),
  minOrderQty: optionalInt("fields.minOrderQty", 0, 1_000_000, "units.units").default(null),
  packSize: optionalInt("fields.packSize", 1, 100_000, "units.units").default(null),
  serviceLevel: z
    .preprocess(
      (v) => (blankToUndefined(v) === undefined ? null : v),
      decimal("fields.serviceLevel", 0.5, 0.999).nullable(),
    )
    .default(null),
  muted: bool.default(false),
});
export type VendorOverride = z.output<typeof vendorOverrideSchema>;

export const variantOverrideSchema = z.object({
  variantId: z
    .union([z.string(), z.number(), z.bigint()])
    .transform(String)
    .pipe(z.string().regex(/^\d+$/, { error: errorKey("errors.variantId") })),
  threshold: optionalInt("fields.lowStockThreshold", 0, 100_000, "units.units").default(null),
  leadTimeDays: optionalInt("fields.leadTime", 0, 365, "units.days").default(null),
  muted: bool.default(false),
  snoozedUntil: z
    .preprocess(
      (v) =>
        blankToUndefined(v) === undefined ? null : v instanceof Date ? v : new Date(String(v)),
      z.date({ error: errorKey("errors.snoozeDate") }).nullable(),
    )
    .default(null),
  minOrderQty: optionalInt("fields.minOrderQty", 0, 1_000_000, "units.units").default(null),
  packSize: optionalInt("fields.packSize", 1, 100_000, "units.units").default(null),
  onOrder: int("fields.onOrder", 0, 10_000_000, "units.units").default(0),
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
// A vendor's (supplier's) ordering terms; absent fields fall back to the shop's.
export type VendorLike = OverrideLike &
  Partial<Pick<VendorOverride, "reviewDays" | "minOrderQty" | "packSize" | "serviceLevel">>;

export function effectiveParams(
  shop: ShopSettings,
  vendor?: VendorLike | null,
  variant?: (OverrideLike & Partial<Omit<VariantOverride, keyof OverrideLike>>) | null,
): EffectiveParams {
  const pick = <T>(...values: (T | null | undefined)[]): T | undefined =>
    values.find((v) => v !== null && v !== undefined) ?? undefined;
  return {
    lowStockThreshold: pick(variant?.threshold, vendor?.threshold, shop.lowStockThreshold) ?? 0,
    leadTimeDays: pick(variant?.leadTimeDays, vendor?.leadTimeDays, shop.leadTimeDays) ?? 0,
    horizonDays: shop.alertHorizonDays,
    stockoutQuantile: shop.stockoutQuantile,
    serviceLevel: pick(vendor?.serviceLevel, shop.serviceLevel) ?? shop.serviceLevel,
    reviewDays: pick(vendor?.reviewDays, shop.reviewPeriodDays) ?? shop.reviewPeriodDays,
    targetCoverDays: shop.targetCoverDays,
    deadStockDays: shop.deadStockDays,
    minOrderQty: pick(variant?.minOrderQty, vendor?.minOrderQty) ?? 0,
    packSize: pick(variant?.packSize, vendor?.packSize) ?? 1,
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
  .string({ error: errorKey("errors.emailRequired") })
  .trim()
  .pipe(z.email({ error: errorKey("errors.email") }));

// `label`: a catalogue key.
export const httpsUrl = (label: string) =>
  z
    .string({ error: errorKey("errors.required", { label: `@${label}` }) })
    .trim()
    .min(1, { error: errorKey("errors.required", { label: `@${label}` }) })
    .max(2048, { error: errorKey("errors.tooLong", { label: `@${label}` }) })
    .refine((v) => URL.canParse(v), { error: errorKey("errors.url", { label: `@${label}` }) })
    .refine((v) => !URL.canParse(v) || new URL(v).protocol === "https:", {
      error: errorKey("errors.https", { label: `@${label}` }),
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
      .number({ error: errorKey("errors.time", { label: `@${label}` }) })
      .int({ error: errorKey("errors.time", { label: `@${label}` }) })
      .min(0, { error: errorKey("errors.timeRange", { label: `@${label}` }) })
      .max(1439, { error: errorKey("errors.timeRange", { label: `@${label}` }) })
      .nullable()
      .default(null),
  );

export const channelBaseFields = {
  // The language of the channel's messages; null: the shop's.
  language: z
    .preprocess(
      (v) => (blankToUndefined(v) === undefined ? null : v),
      z.enum(LANGUAGES, { error: errorKey("errors.chooseLanguage") }).nullable(),
    )
    .default(null),
  name: z
    .string({ error: errorKey("errors.nameRequired") })
    .trim()
    .min(1, { error: errorKey("errors.nameRequired") })
    .max(60, { error: errorKey("errors.atMost", { label: "@fields.name", max: 60 }) }),
  enabled: bool.default(true),
  mode: z.enum(CHANNEL_MODES, { error: errorKey("errors.chooseMode") }).default("instant"),
  digestHour: int("fields.digestHour", 0, 23).default(8),
  // 0 = Sunday … 6 = Saturday, as Date#getDay.
  digestWeekday: int("fields.digestWeekday", 0, 6).default(1),
  quietStart: minuteOfDay("fields.quietStart"),
  quietEnd: minuteOfDay("fields.quietEnd"),
  minSeverity: z
    .enum(SEVERITIES, { error: errorKey("errors.chooseSeverity") })
    .default("attention"),
  fallbackChannelId: optionalInt("fields.fallbackChannel", 1, 2_147_483_647).default(null),
};

type QuietHours = { quietStart: number | null; quietEnd: number | null };

export function checkQuietHours(c: QuietHours, ctx: z.RefinementCtx): void {
  if ((c.quietStart === null) !== (c.quietEnd === null)) {
    const path = c.quietStart === null ? "quietStart" : "quietEnd";
    ctx.addIssue({ code: "custom", path: [path], message: errorKey("errors.quietBoth") });
  } else if (c.quietStart !== null && c.quietStart === c.quietEnd) {
    ctx.addIssue({
      code: "custom",
      path: ["quietEnd"],
      message: errorKey("errors.quietSame"),
    });
  }
}
export type { Severity };

// ── Form errors ───────────────────────────────────────────────────────────────────────────
// Zod issues → { "config.recipients.1": "Enter a valid email address" }, first message per field,
// in the language of `t` (English by default); `t: null` keeps the catalogue keys, for a browser
// that translates them into its reader's language.
export function fieldErrors(
  error: z.ZodError,
  t: T | null = translator("en"),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join(".") : "_form";
    out[field] ??= t ? translateError(t, issue.message) : issue.message;
  }
  return out;
}
