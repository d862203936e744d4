-- CreateTable
CREATE TABLE "DelegatedSaveRequest" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "state" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DelegatedSaveRequest_expiresAt_idx" ON "DelegatedSaveRequest"("expiresAt");
