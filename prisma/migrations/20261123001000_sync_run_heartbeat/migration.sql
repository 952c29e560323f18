-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;


-- The sweeper looks for unfinished runs every few seconds, and reconciliation adds ~100 finished
-- rows per shop per day: only the unfinished ones are indexed.
CREATE INDEX "sync_runs_unfinished" ON "sync_runs" ("kind", "updated_at") WHERE "finished_at" IS NULL;
