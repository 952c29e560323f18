-- AlterTable
ALTER TABLE "forecasts" ADD COLUMN     "stockout_p25" DATE;

-- CreateIndex
CREATE INDEX "forecasts_shop_id_stockout_p25_idx" ON "forecasts"("shop_id", "stockout_p25");

