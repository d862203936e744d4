-- CreateTable
CREATE TABLE "KnownBrowserPick" (
    "grantId" TEXT NOT NULL PRIMARY KEY,
    CONSTRAINT "KnownBrowserPick_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "RecoveryTokenPick" ("grantId") ON DELETE CASCADE ON UPDATE CASCADE
);
