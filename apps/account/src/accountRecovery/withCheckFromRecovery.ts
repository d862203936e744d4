import type { VerificationReport } from '../recoveryTokens/verificationReport.ts';

type CheckName = VerificationReport['checks'][number]['check'];

/**
 * A fresh report with one check, which only the recovery itself could make, taken from the
 * report made then (marked so in its detail); its result counts towards the fresh verdict.
 */
export function withCheckFromRecovery(fresh: VerificationReport, atRecovery: VerificationReport, name: CheckName): VerificationReport {
  const earlier = atRecovery.checks.find((check) => check.check === name);
  if (!earlier || fresh.checks.some((check) => check.check === name)) return fresh;
  const checks = [...fresh.checks, { ...earlier, detail: `${earlier.detail} (checked during the recovery)` }];
  const failed = checks.find((check) => !check.passed);
  return { ...fresh, checks, ok: !failed && checks.length > 0, failure: failed?.check ?? null };
}
