// Merchant-editable settings: the shop's alert policy, vendor and variant overrides, and
// notification channels. Every write goes through these schemas; forms show `fieldErrors()`.
// Form posts arrive as strings, so number and boolean fields accept their string forms too; an
// empty optional field means "not set" (null), an empty required one is an error.
import { z } from "zod";
import { SEVERITIES, type AlertKind, type Severity } from "./alerts/types.ts";
import type { ForecastOptions } from "./forecast/types.ts";

// ── Field helpers ─────────────────────────────────────────────────────────────────────────
// "" from an empty input means "not given", never zero.
const blankToUndefined = (v: unknown) =>
  typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v;

function int(label: string, min: number, max: number, unit = "") {
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

const bool = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    if (["true", "on", "1", "yes"].includes(s)) return true;
    if (["false", "off", "0", "no", ""].includes(s)) return false;
    return v;
  },
  z.boolean({ error: "must be on or off" }),
);

const optionalInt = (label: string, min: number, max: number, unit = "") =>
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
  reviewDays: optionalInt("Review period", 1, 90, "days").default(null),
  minOrderQty: optionalInt("Minimum order quantity", 0, 1_000_000, "units").default(null),
  packSize: optionalInt("Pack size", 1, 100_000, "units").default(null),
  serviceLevel: z
    .preprocess(
      (v) => (blankToUndefined(v) === undefined ? null : v),
      decimal("Service level", 0.5, 0.999).nullable(),
    )
    .default(null),
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

// ── Channels ──────────────────────────────────────────────────────────────────────────────
export const CHANNEL_KINDS = ["email", "discord", "slack", "webhook"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const CHANNEL_MODES = ["instant", "digest_daily", "digest_weekly"] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

const emailAddress = z
  .string({ error: "Enter an email address" })
  .trim()
  .pipe(z.email({ error: "Enter a valid email address" }));

// Accepts one array or a comma/newline separated string from a textarea.
const recipients = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[\s,;]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(emailAddress, { error: "Add at least one recipient" })
    .min(1, { error: "Add at least one recipient" })
    .max(20, { error: "At most 20 recipients" })
    .refine((list) => new Set(list.map((e) => e.toLowerCase())).size === list.length, {
      error: "Each recipient only once",
    }),
);

// discord.com, discordapp.com and the ptb/canary hosts, with or without an API version.
export const DISCORD_WEBHOOK_RE =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,20})\/([\w-]{60,100})\/?$/;
export const SLACK_WEBHOOK_RE =
  /^https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+$/;

const httpsUrl = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(2048, { error: `${label} is too long` })
    .refine((v) => URL.canParse(v), { error: `${label} must be a URL` })
    .refine((v) => !URL.canParse(v) || new URL(v).protocol === "https:", {
      error: `${label} must start with https://`,
    });

const emailConfig = z.object({
  recipients,
  sender: z.object({
    email: emailAddress,
    name: z
      .string()
      .trim()
      .max(100, { error: "Sender name must be at most 100 characters" })
      .refine((v) => !/[\r\n<>"]/.test(v), {
        error: 'Sender name cannot contain < > " or line breaks',
      })
      .default("Stockout radar"),
  }),
  // A shop's own SendGrid key; without one the app's key is used.
  apiKey: z
    .preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^SG\.[\w-]{10,}\.[\w-]{10,}$/, {
          error: "SendGrid API keys look like SG.xxxx.yyyy",
        })
        .optional(),
    )
    .optional(),
});

const discordConfig = z.object({
  webhookUrl: httpsUrl("Discord webhook URL").refine((v) => DISCORD_WEBHOOK_RE.test(v), {
    error: "Paste the webhook URL from Discord: https://discord.com/api/webhooks/<id>/<token>",
  }),
});

const slackConfig = z.object({
  webhookUrl: httpsUrl("Slack webhook URL").refine((v) => SLACK_WEBHOOK_RE.test(v), {
    error: "Paste the incoming webhook URL from Slack: https://hooks.slack.com/services/…",
  }),
});

const webhookConfig = z.object({
  url: httpsUrl("Webhook URL").refine((v) => !URL.canParse(v) || !new URL(v).username, {
    error: "Webhook URL cannot contain a user name or password",
  }),
  signingSecret: z
    .string({ error: "Signing secret is required" })
    .min(16, { error: "Signing secret must be at least 16 characters" })
    .max(256, { error: "Signing secret must be at most 256 characters" }),
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

const channelBase = {
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

export const channelSettingsSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.object({ ...channelBase, kind: z.literal("email"), config: emailConfig }),
      z.object({ ...channelBase, kind: z.literal("discord"), config: discordConfig }),
      z.object({ ...channelBase, kind: z.literal("slack"), config: slackConfig }),
      z.object({ ...channelBase, kind: z.literal("webhook"), config: webhookConfig }),
    ],
    { error: "Choose email, Discord, Slack or webhook" },
  )
  .superRefine((c, ctx) => {
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
  });
export type ChannelSettings = z.output<typeof channelSettingsSchema>;
export type ChannelSettingsInput = z.input<typeof channelSettingsSchema>;
export type { Severity };

// What is stored encrypted (Channel.secret_enc) versus shown in the UI (Channel.config).
export type ChannelSecret =
  | { kind: "email"; apiKey?: string }
  | { kind: "discord"; webhookUrl: string }
  | { kind: "slack"; webhookUrl: string }
  | { kind: "webhook"; url: string; signingSecret: string };

export function splitChannelSecret(c: ChannelSettings): {
  config: Record<string, unknown>;
  secret: ChannelSecret;
} {
  switch (c.kind) {
    case "email":
      return {
        config: {
          recipients: c.config.recipients,
          sender: c.config.sender,
          apiKeyHint: c.config.apiKey ? `SG.…${c.config.apiKey.slice(-4)}` : null,
        },
        secret: c.config.apiKey ? { kind: "email", apiKey: c.config.apiKey } : { kind: "email" },
      };
    case "discord":
      return {
        config: { hint: hintOf(c.config.webhookUrl) },
        secret: { kind: "discord", webhookUrl: c.config.webhookUrl },
      };
    case "slack":
      return {
        config: { hint: hintOf(c.config.webhookUrl) },
        secret: { kind: "slack", webhookUrl: c.config.webhookUrl },
      };
    case "webhook":
      return {
        config: { hint: hintOf(c.config.url) },
        secret: { kind: "webhook", url: c.config.url, signingSecret: c.config.signingSecret },
      };
  }
}

// Enough for a merchant to recognise which URL is configured, never enough to use it.
function hintOf(url: string): string {
  const u = new URL(url);
  const last = u.pathname.split("/").filter(Boolean).at(-1) ?? "";
  return `${u.host}/…${last.length > 8 ? last.slice(-4) : ""}`;
}

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
