-- At most one open episode per (shop, variant, location, kind): the database, not the code,
-- is what makes "an alert cannot fire again until resolved" hold across parallel workers.
CREATE UNIQUE INDEX "alert_episodes_one_open" ON "alert_episodes" ("shop_id", "variant_id", "location_id", "kind")
  WHERE "state" = 'open';
