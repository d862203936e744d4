-- CreateTable
CREATE TABLE "FallbackSms" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "phoneEnc" TEXT,
    "phoneHash" TEXT,
    "lastDigits" TEXT,
    "country" TEXT,
    "confirmedAt" DATETIME,
    "pendingPhoneEnc" TEXT,
    "pendingPhoneHash" TEXT,
    "pendingLastDigits" TEXT,
    "pendingCountry" TEXT,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FallbackSms_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SmsCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SmsCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SmsCode_userId_createdAt_idx" ON "SmsCode"("userId", "createdAt");
