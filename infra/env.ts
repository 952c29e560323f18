// Environment, validated once at boot. A missing or malformed variable stops the process with a
// message naming it, instead of failing later in some request.
import { z } from "zod";

const bool = z
  .enum(["0", "1", "true", "false", ""])
  .default("")
  .transform((v) => v === "1" || v === "true");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),

    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    // Namespaces every BullMQ key, so several deployments (or test runs) can share one Redis.
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9_-]+$/, "letters, digits, _ and - only")
      .default("radar"),

    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: z.url(),
    SCOPES: z
      .string()
      .default(
        "read_products,read_inventory,read_orders,read_locations,read_inventory_transfers,read_inventory_shipments,read_inventory_shipments_received_items",
      ),

    // 32 bytes, base64: encrypts channel secrets and Shopify access tokens at rest.
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded"),

    WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(1_000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    RECOMPUTE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    RECOMPUTE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(100),
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),

    // Demo/test only: send *.myshopify.com traffic to a local simulated store. Refused in production.
    SHOPIFY_FAKE_ORIGIN: z.url().optional(),
    DEMO_MODE: bool,

    // ── Alert delivery ──
    // The app's own SendGrid key, for shops that do not bring theirs. Mail then goes out from
    // ALERT_FROM_EMAIL (a sender verified in SendGrid) with the merchant's address as reply-to.
    SENDGRID_API_KEY: z
      .string()
      .regex(/^SG\.[\w-]+\.[\w-]+$/, "SendGrid API keys look like SG.xxxx.yyyy")
      .optional(),
    ALERT_FROM_EMAIL: z.email().optional(),
    ALERT_FROM_NAME: z.string().min(1).max(100).default("Stockout radar"),
    // The app's handle in admin URLs (admin.shopify.com/store/<shop>/apps/<handle>).
    APP_HANDLE: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and - only")
      .default("stockout-radar"),
    ALERT_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    ALERT_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
    ALERT_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2_000),
    ALERT_RETRY_MAX_MS: z.coerce.number().int().min(10).default(600_000),
    ALERT_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
    ALERT_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).default(30_000),
    ALERT_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
    ALERT_EVALUATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),

    // Tests and the local demo only (refused in production): reach local fakes of Discord and
    // SendGrid through the official clients, allow http:// and private addresses for Slack and
    // generic webhooks, and move the worker's alert clock (quiet hours, digests) by an offset.
    DISCORD_API_BASE: z.url().optional(),
    SENDGRID_API_BASE: z.url().optional(),
    // The same for Telegram's Bot API, Twilio's REST API and Google's (oauth2 + Sheets) APIs.
    TELEGRAM_API_BASE: z.url().optional(),
    TWILIO_API_BASE: z.url().optional(),
    GOOGLE_API_BASE: z.url().optional(),
    ALLOW_PRIVATE_WEBHOOK_TARGETS: bool,
    ALERT_CLOCK_OFFSET_MS: z.coerce.number().int().optional(),

    // ── Backfill and reconciliation (the sync queue) ──
    // Sync jobs in flight per worker: mostly waiting on Shopify (bulk operations, cost bucket).
    SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    // First retry delay of a failed backfill (doubling, JOB_ATTEMPTS attempts: ~10 min at 5 s).
    SYNC_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
    // How often each installed shop's inventory levels are re-read and drift repaired.
    RECONCILE_EVERY_MS: z.coerce.number().int().min(1_000).default(900_000),
    // Above this many levels a sweep reads them with one bulk operation instead of paging
    // (~4 cost points per level paged: 2,500 levels ≈ 100 s of a standard shop's bucket).
    RECONCILE_BULK_ABOVE_LEVELS: z.coerce.number().int().min(0).default(2_500),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && (env.SHOPIFY_FAKE_ORIGIN || env.DEMO_MODE)) {
      ctx.addIssue({
        code: "custom",
        path: [env.DEMO_MODE ? "DEMO_MODE" : "SHOPIFY_FAKE_ORIGIN"],
        message: "is not allowed when NODE_ENV=production (it would bypass the real Shopify)",
      });
    }
    if (env.NODE_ENV === "production") {
      const testOnly = {
        DISCORD_API_BASE: env.DISCORD_API_BASE !== undefined,
        SENDGRID_API_BASE: env.SENDGRID_API_BASE !== undefined,
        TELEGRAM_API_BASE: env.TELEGRAM_API_BASE !== undefined,
        TWILIO_API_BASE: env.TWILIO_API_BASE !== undefined,
        GOOGLE_API_BASE: env.GOOGLE_API_BASE !== undefined,
        ALLOW_PRIVATE_WEBHOOK_TARGETS: env.ALLOW_PRIVATE_WEBHOOK_TARGETS,
        ALERT_CLOCK_OFFSET_MS: env.ALERT_CLOCK_OFFSET_MS !== undefined,
      };
      for (const [name, set] of Object.entries(testOnly)) {
        if (set)
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is for tests and the local demo only; not allowed when NODE_ENV=production",
          });
      }
    }
    if (env.SENDGRID_API_KEY && !env.ALERT_FROM_EMAIL) {
      ctx.addIssue({
        code: "custom",
        path: ["ALERT_FROM_EMAIL"],
        message: "is required with SENDGRID_API_KEY (a sender address verified in SendGrid)",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// Local development keeps settings in .env (never committed); deployments set real variables,
// which always win over the file.
function loadDotEnv(file = ".env"): void {
  try {
    process.loadEnvFile(file);
  } catch {}
}

// Entry points start here: settings from .env (development), then validation; a bad environment
// ends the process with the message naming each variable, not with a stack trace.
export function bootEnv(): Env {
  loadDotEnv();
  try {
    return env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
