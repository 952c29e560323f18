-- CreateTable
CREATE TABLE "forecast_snapshots" (
    "shop_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "demand7_mean" REAL NOT NULL,
    "demand7_p10" REAL NOT NULL,
    "demand7_p90" REAL NOT NULL,
    "demand30_mean" REAL NOT NULL,
    "demand30_p10" REAL NOT NULL,
    "demand30_p90" REAL NOT NULL,
    "seed_rate" REAL NOT NULL,
    "available" INTEGER NOT NULL,
    "sold7" INTEGER,
    "sold30" INTEGER,
    "stockout_days" SMALLINT,
    "demand_class" SMALLINT NOT NULL,
    "open7" SMALLINT,
    "open30" SMALLINT,
    "stockout_actual" SMALLINT,
    "replayed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "forecast_snapshots_pkey" PRIMARY KEY ("shop_id","day","variant_id")
);

-- CreateTable
CREATE TABLE "forecast_accuracy_weeks" (
    "shop_id" INTEGER NOT NULL,
    "week" DATE NOT NULL,
    "horizon" SMALLINT NOT NULL,
    "demand_class" TEXT NOT NULL,
    "periods" INTEGER NOT NULL DEFAULT 0,
    "censored" INTEGER NOT NULL DEFAULT 0,
    "sold" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "forecast" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "abs_error" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "sq_error" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seed_forecast" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seed_abs_error" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "seed_sq_error" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "range_periods" INTEGER NOT NULL DEFAULT 0,
    "in_range" INTEGER NOT NULL DEFAULT 0,
    "below_range" INTEGER NOT NULL DEFAULT 0,
    "stockouts" INTEGER NOT NULL DEFAULT 0,
    "stockout_hits" INTEGER NOT NULL DEFAULT 0,
    "seed_stockout_hits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "forecast_accuracy_weeks_pkey" PRIMARY KEY ("shop_id","week","horizon","demand_class")
);

-- CreateTable
CREATE TABLE "forecast_misses" (
    "shop_id" INTEGER NOT NULL,
    "week" DATE NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "forecast" REAL NOT NULL,
    "low" REAL NOT NULL,
    "high" REAL NOT NULL,
    "seed_forecast" REAL NOT NULL,
    "sold" INTEGER NOT NULL,
    "open_days" SMALLINT NOT NULL,
    "error" REAL NOT NULL,

    CONSTRAINT "forecast_misses_pkey" PRIMARY KEY ("shop_id","week","variant_id")
);

-- CreateTable
CREATE TABLE "forecast_accuracy_state" (
    "shop_id" INTEGER NOT NULL,
    "scored_through" DATE,
    "replay_status" TEXT,
    "replay_cursor" BIGINT,
    "replay_stats" JSONB NOT NULL DEFAULT '{}',
    "replay_error" TEXT,
    "replayed_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "forecast_accuracy_state_pkey" PRIMARY KEY ("shop_id")
);

-- CreateIndex
CREATE INDEX "forecast_misses_shop_id_week_error_idx" ON "forecast_misses"("shop_id", "week", "error" DESC);

-- AddForeignKey
ALTER TABLE "forecast_snapshots" ADD CONSTRAINT "forecast_snapshots_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_accuracy_weeks" ADD CONSTRAINT "forecast_accuracy_weeks_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_misses" ADD CONSTRAINT "forecast_misses_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_accuracy_state" ADD CONSTRAINT "forecast_accuracy_state_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

