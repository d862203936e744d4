-- CreateTable
CREATE TABLE "OutcomeReceipt" (
    "key" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "proofHash" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutcomeReceipt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "OutcomeReceipt_expiresAt_idx" ON "OutcomeReceipt"("expiresAt");

-- CreateIndex
CREATE INDEX "OutcomeReceipt_userId_idx" ON "OutcomeReceipt"("userId");
