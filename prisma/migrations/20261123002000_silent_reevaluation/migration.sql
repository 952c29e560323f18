-- AlterTable
ALTER TABLE "shop_settings" ADD COLUMN     "silent_reevaluation" BOOLEAN NOT NULL DEFAULT false;

