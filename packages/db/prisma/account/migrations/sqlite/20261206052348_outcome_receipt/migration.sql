-- CreateTable
CREATE TABLE "OutcomeReceipt" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "proofHash" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "OutcomeReceipt_expiresAt_idx" ON "OutcomeReceipt"("expiresAt");

-- CreateIndex
CREATE INDEX "OutcomeReceipt_userId_idx" ON "OutcomeReceipt"("userId");
