-- CreateTable
CREATE TABLE "OidcPayload" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcPayload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedRecoveryToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "tokenSize" INTEGER NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,
    "lastCountersignedAt" TIMESTAMP(3),

    CONSTRAINT "SavedRecoveryToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryTokenPick" (
    "grantId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecoveryTokenPick_pkey" PRIMARY KEY ("grantId")
);

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");

-- CreateIndex
CREATE INDEX "OidcPayload_userCode_idx" ON "OidcPayload"("userCode");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

-- CreateIndex
CREATE INDEX "SavedRecoveryToken_userId_idx" ON "SavedRecoveryToken"("userId");

-- CreateIndex
CREATE INDEX "RecoveryTokenPick_tokenId_idx" ON "RecoveryTokenPick"("tokenId");

-- CreateIndex
CREATE INDEX "RecoveryTokenPick_expiresAt_idx" ON "RecoveryTokenPick"("expiresAt");

-- AddForeignKey
ALTER TABLE "SavedRecoveryToken" ADD CONSTRAINT "SavedRecoveryToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "PartnerUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryTokenPick" ADD CONSTRAINT "RecoveryTokenPick_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "SavedRecoveryToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;
