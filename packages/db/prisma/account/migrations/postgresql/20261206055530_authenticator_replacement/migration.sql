-- CreateTable
CREATE TABLE "AuthenticatorReplacement" (
    "userId" TEXT NOT NULL,
    "replacementId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthenticatorReplacement_pkey" PRIMARY KEY ("userId")
);
