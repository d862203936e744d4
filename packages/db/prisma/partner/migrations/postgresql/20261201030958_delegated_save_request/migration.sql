-- CreateTable
CREATE TABLE "DelegatedSaveRequest" (
    "idHash" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "state" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DelegatedSaveRequest_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "DelegatedSaveRequest_expiresAt_idx" ON "DelegatedSaveRequest"("expiresAt");
