-- AlterTable
ALTER TABLE "inventory_levels" ADD COLUMN     "incoming" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "forecasts" ADD COLUMN     "gap_days" DOUBLE PRECISION,
ADD COLUMN     "gap_revenue" DECIMAL(14,2),
ADD COLUMN     "incoming" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_arrival_on" DATE,
ADD COLUMN     "next_arrival_qty" INTEGER,
ADD COLUMN     "p_stockout_gap" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "vendor_overrides" ADD COLUMN     "min_order_qty" INTEGER,
ADD COLUMN     "pack_size" INTEGER,
ADD COLUMN     "review_days" INTEGER,
ADD COLUMN     "service_level" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "inbound_lines" (
    "shop_id" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "document_id" BIGINT NOT NULL,
    "inventory_item_id" BIGINT NOT NULL,
    "location_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "supplier" TEXT,
    "quantity" INTEGER NOT NULL,
    "ordered_at" TIMESTAMPTZ(3),
    "arrives_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_lines_pkey" PRIMARY KEY ("shop_id","source","document_id","inventory_item_id","location_id")
);

-- CreateTable
CREATE TABLE "purchase_orders" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "supplier" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "reference" TEXT,
    "location_id" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "note" TEXT,
    "source" TEXT NOT NULL DEFAULT 'planner',
    "ordered_at" TIMESTAMPTZ(3),
    "expected_on" DATE,
    "received_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purchase_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_order_lines" (
    "shop_id" INTEGER NOT NULL,
    "purchase_order_id" BIGINT NOT NULL,
    "variant_id" BIGINT NOT NULL,
    "sku" TEXT,
    "supplier_sku" TEXT,
    "quantity" INTEGER NOT NULL,
    "received_qty" INTEGER NOT NULL DEFAULT 0,
    "unit_cost" DECIMAL(12,2),

    CONSTRAINT "purchase_order_lines_pkey" PRIMARY KEY ("purchase_order_id","variant_id")
);

-- CreateIndex
CREATE INDEX "forecasts_shop_id_p_stockout_gap_idx" ON "forecasts"("shop_id", "p_stockout_gap");

-- CreateIndex
CREATE INDEX "inbound_lines_shop_id_inventory_item_id_idx" ON "inbound_lines"("shop_id", "inventory_item_id");

-- CreateIndex
CREATE INDEX "purchase_orders_shop_id_status_idx" ON "purchase_orders"("shop_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "purchase_orders_shop_id_id_key" ON "purchase_orders"("shop_id", "id");

-- CreateIndex
CREATE INDEX "purchase_order_lines_shop_id_variant_id_idx" ON "purchase_order_lines"("shop_id", "variant_id");

-- AddForeignKey
ALTER TABLE "inbound_lines" ADD CONSTRAINT "inbound_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "purchase_order_lines_purchase_order_id_fkey" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

