-- CreateTable
CREATE TABLE "PartnerKnownDevice" (
    "userId" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerKnownDevice_pkey" PRIMARY KEY ("userId","deviceHash")
);

-- AddForeignKey
ALTER TABLE "PartnerKnownDevice" ADD CONSTRAINT "PartnerKnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "PartnerUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;
