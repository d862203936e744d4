-- CreateTable
CREATE TABLE "FallbackSms" (
    "userId" TEXT NOT NULL,
    "phoneEnc" TEXT,
    "phoneHash" TEXT,
    "lastDigits" TEXT,
    "country" TEXT,
    "confirmedAt" TIMESTAMP(3),
    "pendingPhoneEnc" TEXT,
    "pendingPhoneHash" TEXT,
    "pendingLastDigits" TEXT,
    "pendingCountry" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FallbackSms_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "SmsCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SmsCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SmsCode_userId_createdAt_idx" ON "SmsCode"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "FallbackSms" ADD CONSTRAINT "FallbackSms_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsCode" ADD CONSTRAINT "SmsCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
