-- AlterTable
ALTER TABLE "DelegatedSaveRequest" ADD COLUMN "obsoletes" TEXT;
