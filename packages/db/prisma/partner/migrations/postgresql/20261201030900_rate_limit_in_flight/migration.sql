-- AlterTable
ALTER TABLE "PartnerRateLimit" ADD COLUMN     "inFlight" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inFlightUntil" TIMESTAMP(3);
