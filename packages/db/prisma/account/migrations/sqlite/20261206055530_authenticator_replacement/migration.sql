-- CreateTable
CREATE TABLE "AuthenticatorReplacement" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "replacementId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);
