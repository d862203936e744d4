-- CreateTable
CREATE TABLE "EmailRecoveryCode" (
    "pendingIdHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),

    CONSTRAINT "EmailRecoveryCode_pkey" PRIMARY KEY ("pendingIdHash")
);

-- CreateTable
CREATE TABLE "DeviceRecoveryEvidence" (
    "requestId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "emailVerifiedAt" TIMESTAMP(3) NOT NULL,
    "deviceHash" TEXT,
    "deviceUserAgent" TEXT,
    "deviceFirstSeenAt" TIMESTAMP(3),
    "deviceLastSeenAt" TIMESTAMP(3),

    CONSTRAINT "DeviceRecoveryEvidence_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "TwoFactorCheckup" (
    "userId" TEXT NOT NULL,
    "periodStartedAt" TIMESTAMP(3) NOT NULL,
    "promptedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),

    CONSTRAINT "TwoFactorCheckup_pkey" PRIMARY KEY ("userId","periodStartedAt")
);

-- CreateIndex
CREATE INDEX "EmailRecoveryCode_userId_idx" ON "EmailRecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "DeviceRecoveryEvidence_userId_idx" ON "DeviceRecoveryEvidence"("userId");
