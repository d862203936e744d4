-- CreateTable
CREATE TABLE "KnownBrowserPick" (
    "grantId" TEXT NOT NULL,

    CONSTRAINT "KnownBrowserPick_pkey" PRIMARY KEY ("grantId")
);

-- AddForeignKey
ALTER TABLE "KnownBrowserPick" ADD CONSTRAINT "KnownBrowserPick_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "RecoveryTokenPick"("grantId") ON DELETE CASCADE ON UPDATE CASCADE;
