-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lockCount" INTEGER NOT NULL DEFAULT 0,
    "inFlight" INTEGER NOT NULL DEFAULT 0,
    "inFlightUntil" DATETIME
);
INSERT INTO "new_RateLimit" ("count", "key", "lockCount", "lockedUntil", "windowStart") SELECT "count", "key", "lockCount", "lockedUntil", "windowStart" FROM "RateLimit";
DROP TABLE "RateLimit";
ALTER TABLE "new_RateLimit" RENAME TO "RateLimit";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
