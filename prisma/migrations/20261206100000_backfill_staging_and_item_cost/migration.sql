-- AlterTable
ALTER TABLE "inventory_items" ADD COLUMN     "unit_cost" DECIMAL(12,2);

-- CreateTable
CREATE TABLE "backfill_orders" (
    "shop_id" INTEGER NOT NULL,
    "order_id" BIGINT NOT NULL,
    "ordered_at" TIMESTAMPTZ(3) NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "location_id" BIGINT NOT NULL,
    "staged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backfill_orders_pkey" PRIMARY KEY ("shop_id","order_id")
);

-- CreateTable
CREATE TABLE "backfill_order_lines" (
    "shop_id" INTEGER NOT NULL,
    "line_item_id" BIGINT NOT NULL,
    "order_id" BIGINT NOT NULL,
    "variant_id" BIGINT,
    "quantity" INTEGER NOT NULL,
    "refunded" INTEGER NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "staged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "backfill_order_lines_pkey" PRIMARY KEY ("shop_id","line_item_id")
);

-- CreateIndex
CREATE INDEX "backfill_order_lines_shop_id_order_id_idx" ON "backfill_order_lines"("shop_id", "order_id");

-- AddForeignKey
ALTER TABLE "backfill_orders" ADD CONSTRAINT "backfill_orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backfill_order_lines" ADD CONSTRAINT "backfill_order_lines_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

