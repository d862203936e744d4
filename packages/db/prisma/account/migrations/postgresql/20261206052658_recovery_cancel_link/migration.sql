-- CreateTable
CREATE TABLE "RecoveryCancelLink" (
    "tokenHash" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecoveryCancelLink_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "RecoveryCancelLink_requestId_idx" ON "RecoveryCancelLink"("requestId");
