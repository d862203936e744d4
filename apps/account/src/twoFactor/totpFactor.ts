import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { decryptSecret, encryptSecret } from '@recovery/http';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { matchTotpStep, totpFor } from './totp.ts';

type Ctx = Pick<AccountContext, 'db' | 'keys' | 'now' | 'config'>;

export function sealTotpSecret(ctx: Ctx, userId: string, secret: string): string {
  return encryptSecret(ctx.keys.totp, secret, `totp:${userId}`);
}

export function openTotpSecret(ctx: Ctx, userId: string, sealed: string): string {
  return decryptSecret(ctx.keys.totp, sealed, `totp:${userId}`);
}

/** The issuer authenticator apps list the account under: the product's name (APP_NAME). */
export function totpIssuer(ctx: Ctx): string {
  return ctx.config.appName;
}

/**
 * Checks an authenticator code (±1 step) and spends its time step. Recording the step is one
 * conditional update (only if newer than the last one used), so a code cannot be replayed, not
 * even by two requests at once. `enabled` chooses between the active factor and a pending setup.
 */
export async function verifyTotp(ctx: Ctx, userId: string, code: string, enabled: boolean, tx: AccountTx = ctx.db): Promise<boolean> {
  const factor = await tx.twoFactor.findUnique({ where: { userId } });
  if (!factor || (factor.enabledAt !== null) !== enabled) return false;
  const secret = openTotpSecret(ctx, userId, factor.totpSecretEnc);
  const step = matchTotpStep(totpFor(secret, totpIssuer(ctx), userId), code, ctx.now());
  if (step === null) return false;
  const spent = await tx.twoFactor.updateMany({
    where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return spent.count === 1;
}

/** The time step an authenticator code matches (±1 step) for this sealed secret, or null. */
export function matchTotpCode(ctx: Ctx, userId: string, sealed: string, code: string): number | null {
  return matchTotpStep(totpFor(openTotpSecret(ctx, userId, sealed), totpIssuer(ctx), userId), code, ctx.now());
}

/**
 * Spends a time step of the active factor: changes one row only if the step is newer than the
 * last one used, so a code is never accepted twice, not even by two requests at once.
 */
export function spendTotpStepStatement(userId: string, step: number): SqlStatement {
  return sql`UPDATE "TwoFactor" SET "lastUsedStep" = ${step} WHERE "userId" = ${userId} AND "enabledAt" IS NOT NULL AND ("lastUsedStep" IS NULL OR "lastUsedStep" < ${step})`;
}
