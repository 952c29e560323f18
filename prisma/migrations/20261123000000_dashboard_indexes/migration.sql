-- CreateIndex
CREATE INDEX "forecasts_shop_id_available_idx" ON "forecasts"("shop_id", "available");

-- CreateIndex
CREATE INDEX "forecasts_shop_id_stockout_p10_idx" ON "forecasts"("shop_id", "stockout_p10");

-- CreateIndex
CREATE INDEX "alert_episodes_shop_id_opened_at_idx" ON "alert_episodes"("shop_id", "opened_at" DESC);

-- CreateIndex
CREATE INDEX "delivery_attempts_shop_id_notification_id_idx" ON "delivery_attempts"("shop_id", "notification_id");

-- CreateIndex
CREATE INDEX "webhook_events_shop_status_received_at_idx" ON "webhook_events"("shop", "status", "received_at");

-- CreateIndex
CREATE INDEX "rejected_webhooks_shop_received_at_idx" ON "rejected_webhooks"("shop", "received_at");

