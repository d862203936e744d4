-- CreateTable
CREATE TABLE "PartnerKnownDevice" (
    "userId" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "deviceHash"),
    CONSTRAINT "PartnerKnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "PartnerUser" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
