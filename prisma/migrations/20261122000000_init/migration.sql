-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shops" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "scopes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "backfill_phase" TEXT,
    "backfill_pct" INTEGER NOT NULL DEFAULT 0,
    "backfill_error" TEXT,
    "backfill_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop_settings" (
    "shop_id" INTEGER NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_settings_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "locations" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "products" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "vendor" TEXT,
    "product_type" TEXT,
    "status" TEXT,
    "updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "products_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "variants" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "product_id" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "price" DECIMAL(12,2),
    "inventory_item_id" BIGINT,
    "created_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "variants_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "inventory_items" (
    "shop_id" INTEGER NOT NULL,
    "id" BIGINT NOT NULL,
    "variant_id" BIGINT,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3),

    CONSTRAINT "inventory_items_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "inventory_levels" (
    "shop_id" INTEGER NOT NULL,
    "inventory_item_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "available" INTEGER NOT NULL,
    "shopify_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_levels_pkey" PRIMARY KEY ("shop_id","inventory_item_id","location_id")
);

-- CreateTable
CREATE TABLE "order_lines" (
    "shop_id" INTEGER NOT NULL,
    "line_item_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "variant_id" BIGINT,
    "location_id" BIGINT NOT NULL DEFAULT 0,
    "ordered_at" TIMESTAMPTZ(3) NOT NULL,
    "day" DATE NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "refunded_qty" INTEGER NOT NULL DEFAULT 0,
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("shop_id","line_item_id")
);

-- CreateTable
CREATE TABLE "refund_lines" (
    "shop_id" INTEGER NOT NULL,
    "refund_line_item_id" BIGINT NOT NULL,
    "refund_id" BIGINT NOT NULL,
    "line_item_id" BIGINT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refund_lines_pkey" PRIMARY KEY ("shop_id","refund_line_item_id")
);

-- CreateTable
CREATE TABLE "daily_sales" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL DEFAULT 0,
    "day" DATE NOT NULL,
    "units" INTEGER NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL DEFAULT 0,

    CONSTRAINT "daily_sales_pkey" PRIMARY KEY ("shop_id","variant_id","location_id","day")
);

-- CreateTable
CREATE TABLE "daily_stock" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "end_available" INTEGER NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "min_available" INTEGER NOT NULL,
    "out_of_stock" BOOLEAN NOT NULL,

    CONSTRAINT "daily_stock_pkey" PRIMARY KEY ("shop_id","variant_id","location_id","day")
);

-- CreateTable
CREATE TABLE "forecasts" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "method" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "as_of" DATE NOT NULL,
    "available" INTEGER NOT NULL,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "velocity" DOUBLE PRECISION NOT NULL,
    "days_of_cover" DOUBLE PRECISION,
    "stockout_p10" DATE,
    "stockout_p50" DATE,
    "stockout_p90" DATE,
    "p_stockout_lead" DOUBLE PRECISION,
    "p_stockout_horizon" DOUBLE PRECISION,
    "demand30_mean" DOUBLE PRECISION,
    "demand30_p10" DOUBLE PRECISION,
    "demand30_p90" DOUBLE PRECISION,
    "reorder_point" DOUBLE PRECISION,
    "suggested_qty" INTEGER,
    "demand_class" TEXT,
    "dead_stock" BOOLEAN NOT NULL DEFAULT false,
    "revenue_at_risk" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "inputs" JSONB,

    CONSTRAINT "forecasts_pkey" PRIMARY KEY ("shop_id","variant_id")
);

-- CreateTable
CREATE TABLE "forecast_dirty" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forecast_dirty_pkey" PRIMARY KEY ("shop_id","variant_id")
);

-- CreateTable
CREATE TABLE "variant_overrides" (
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "threshold" INTEGER,
    "lead_time_days" INTEGER,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "snoozed_until" TIMESTAMPTZ(3),
    "min_order_qty" INTEGER,
    "pack_size" INTEGER,
    "on_order" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "variant_overrides_pkey" PRIMARY KEY ("shop_id","variant_id")
);

-- CreateTable
CREATE TABLE "vendor_overrides" (
    "shop_id" INTEGER NOT NULL,
    "vendor" TEXT NOT NULL,
    "threshold" INTEGER,
    "lead_time_days" INTEGER,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendor_overrides_pkey" PRIMARY KEY ("shop_id","vendor")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret_enc" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'instant',
    "digest_hour" INTEGER NOT NULL DEFAULT 8,
    "digest_weekday" INTEGER NOT NULL DEFAULT 1,
    "quiet_start" INTEGER,
    "quiet_end" INTEGER,
    "min_severity" TEXT NOT NULL DEFAULT 'attention',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "healthy" BOOLEAN NOT NULL DEFAULT true,
    "unhealthy_reason" TEXT,
    "fallback_channel_id" INTEGER,
    "last_digest_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_episodes" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "peak_severity" TEXT NOT NULL,
    "open_notified" BOOLEAN NOT NULL DEFAULT true,
    "state" TEXT NOT NULL DEFAULT 'open',
    "step" INTEGER NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "escalated_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "revenue_at_risk" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "alert_episodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_notifications" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "episode_id" BIGINT NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "not_before" TIMESTAMPTZ(3),
    "fallback_for" INTEGER,
    "provider_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_attempts" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "notification_id" BIGINT,
    "channel_id" INTEGER NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "response_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER,
    "retry_after_ms" INTEGER,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "pct" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB NOT NULL DEFAULT '{}',
    "stats" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event_id" TEXT,
    "api_version" TEXT,
    "triggered_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueued_at" TIMESTAMPTZ(3),
    "processed_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "payload" JSONB,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejected_webhooks" (
    "id" BIGSERIAL NOT NULL,
    "shop" TEXT,
    "topic" TEXT,
    "webhook_id" TEXT,
    "reason" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rejected_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_shop_idx" ON "session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "shops_domain_key" ON "shops"("domain");

-- CreateIndex
CREATE INDEX "products_shop_id_vendor_idx" ON "products"("shop_id", "vendor");

-- CreateIndex
CREATE INDEX "products_shop_id_product_type_idx" ON "products"("shop_id", "product_type");

-- CreateIndex
CREATE INDEX "variants_shop_id_product_id_idx" ON "variants"("shop_id", "product_id");

-- CreateIndex
CREATE INDEX "variants_shop_id_inventory_item_id_idx" ON "variants"("shop_id", "inventory_item_id");

-- CreateIndex
CREATE INDEX "variants_shop_id_sku_idx" ON "variants"("shop_id", "sku");

-- CreateIndex
CREATE INDEX "inventory_items_shop_id_variant_id_idx" ON "inventory_items"("shop_id", "variant_id");

-- CreateIndex
CREATE INDEX "order_lines_shop_id_order_id_idx" ON "order_lines"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "order_lines_shop_id_variant_id_day_idx" ON "order_lines"("shop_id", "variant_id", "day");

-- CreateIndex
CREATE INDEX "refund_lines_shop_id_line_item_id_idx" ON "refund_lines"("shop_id", "line_item_id");

-- CreateIndex
CREATE INDEX "daily_sales_shop_id_day_idx" ON "daily_sales"("shop_id", "day");

-- CreateIndex
CREATE INDEX "forecasts_shop_id_stockout_p50_idx" ON "forecasts"("shop_id", "stockout_p50");

-- CreateIndex
CREATE INDEX "forecasts_shop_id_revenue_at_risk_idx" ON "forecasts"("shop_id", "revenue_at_risk" DESC);

-- CreateIndex
CREATE INDEX "channels_shop_id_idx" ON "channels"("shop_id");

-- CreateIndex
CREATE INDEX "alert_episodes_shop_id_state_opened_at_idx" ON "alert_episodes"("shop_id", "state", "opened_at");

-- CreateIndex
CREATE INDEX "alert_episodes_shop_id_variant_id_idx" ON "alert_episodes"("shop_id", "variant_id");

-- CreateIndex
CREATE INDEX "alert_notifications_shop_id_status_idx" ON "alert_notifications"("shop_id", "status");

-- CreateIndex
CREATE INDEX "alert_notifications_status_not_before_idx" ON "alert_notifications"("status", "not_before");

-- CreateIndex
CREATE UNIQUE INDEX "alert_notifications_episode_id_step_channel_id_key" ON "alert_notifications"("episode_id", "step", "channel_id");

-- CreateIndex
CREATE INDEX "delivery_attempts_shop_id_channel_id_attempted_at_idx" ON "delivery_attempts"("shop_id", "channel_id", "attempted_at");

-- CreateIndex
CREATE INDEX "sync_runs_shop_id_kind_started_at_idx" ON "sync_runs"("shop_id", "kind", "started_at");

-- CreateIndex
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events"("status", "received_at");

-- CreateIndex
CREATE INDEX "webhook_events_shop_received_at_idx" ON "webhook_events"("shop", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_shop_webhook_id_key" ON "webhook_events"("shop", "webhook_id");

-- CreateIndex
CREATE INDEX "rejected_webhooks_received_at_idx" ON "rejected_webhooks"("received_at");

-- AddForeignKey
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_items" ADD CONSTRAINT "inventory_items_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_lines" ADD CONSTRAINT "refund_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_sales" ADD CONSTRAINT "daily_sales_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "daily_stock" ADD CONSTRAINT "daily_stock_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_dirty" ADD CONSTRAINT "forecast_dirty_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variant_overrides" ADD CONSTRAINT "variant_overrides_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_overrides" ADD CONSTRAINT "vendor_overrides_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_episodes" ADD CONSTRAINT "alert_episodes_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "alert_episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

