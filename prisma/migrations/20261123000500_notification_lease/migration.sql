-- AlterTable
ALTER TABLE "alert_notifications" ADD COLUMN     "lease_until" TIMESTAMPTZ(3);

