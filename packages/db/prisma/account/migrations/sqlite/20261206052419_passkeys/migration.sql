-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SecurityKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "nickname" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "counter" BIGINT NOT NULL,
    "transports" TEXT NOT NULL DEFAULT '[]',
    "deviceType" TEXT NOT NULL,
    "backedUp" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "kind" TEXT NOT NULL DEFAULT 'security_key',
    "discoverable" BOOLEAN,
    "userVerified" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SecurityKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SecurityKey" ("backedUp", "counter", "createdAt", "deviceType", "id", "lastUsedAt", "nickname", "publicKey", "transports", "userId") SELECT "backedUp", "counter", "createdAt", "deviceType", "id", "lastUsedAt", "nickname", "publicKey", "transports", "userId" FROM "SecurityKey";
DROP TABLE "SecurityKey";
ALTER TABLE "new_SecurityKey" RENAME TO "SecurityKey";
CREATE INDEX "SecurityKey_userId_idx" ON "SecurityKey"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
