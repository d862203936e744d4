-- CreateTable
CREATE TABLE "RecoveryCancelLink" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RecoveryCancelLink_requestId_idx" ON "RecoveryCancelLink"("requestId");
