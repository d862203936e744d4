-- AlterTable
ALTER TABLE "SecurityKey" ADD COLUMN     "discoverable" BOOLEAN,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'security_key',
ADD COLUMN     "userVerified" BOOLEAN NOT NULL DEFAULT false;
