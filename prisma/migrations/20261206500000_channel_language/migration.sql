-- AlterTable
ALTER TABLE "channels" ADD COLUMN     "language" TEXT;

