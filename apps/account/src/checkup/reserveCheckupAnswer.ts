import { oneRowStep, sql } from '@recovery/db';
import type { SqlStep } from '@recovery/db';

/**
 * The reservation of a check-up period's one answer, as a failure, in one statement: it creates
 * the period's row or marks the existing one, and is refused (changes no row) once the period
 * was answered, so concurrent answers get one check between them.
 */
export function reserveCheckupAnswerStep(userId: string, periodStartedAt: Date, now: Date): SqlStep {
  return oneRowStep(sql`INSERT INTO "TwoFactorCheckup" ("userId", "periodStartedAt", "promptedAt", "failedAt") VALUES (${userId}, ${periodStartedAt}, ${now}, ${now})
ON CONFLICT ("userId", "periodStartedAt") DO UPDATE SET "failedAt" = ${now}
WHERE "TwoFactorCheckup"."failedAt" IS NULL AND "TwoFactorCheckup"."verifiedAt" IS NULL`);
}
