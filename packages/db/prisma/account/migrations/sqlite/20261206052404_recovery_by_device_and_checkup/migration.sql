-- CreateTable
CREATE TABLE "EmailRecoveryCode" (
    "pendingIdHash" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DeviceRecoveryEvidence" (
    "requestId" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "emailVerifiedAt" DATETIME NOT NULL,
    "deviceHash" TEXT,
    "deviceUserAgent" TEXT,
    "deviceFirstSeenAt" DATETIME,
    "deviceLastSeenAt" DATETIME
);

-- CreateTable
CREATE TABLE "TwoFactorCheckup" (
    "userId" TEXT NOT NULL,
    "periodStartedAt" DATETIME NOT NULL,
    "promptedAt" DATETIME,
    "verifiedAt" DATETIME,
    "failedAt" DATETIME,

    PRIMARY KEY ("userId", "periodStartedAt")
);

-- CreateIndex
CREATE INDEX "EmailRecoveryCode_userId_idx" ON "EmailRecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "DeviceRecoveryEvidence_userId_idx" ON "DeviceRecoveryEvidence"("userId");
