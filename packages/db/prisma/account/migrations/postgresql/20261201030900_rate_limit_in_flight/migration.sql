-- AlterTable
ALTER TABLE "RateLimit" ADD COLUMN     "inFlight" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inFlightUntil" TIMESTAMP(3);
