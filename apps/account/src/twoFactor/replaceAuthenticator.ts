import type { AuthenticatorReplacement } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { AccountTx, User } from '@recovery/db';
import { decryptSecret, encryptSecret, randomToken } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { securityEventRow } from '../securityLog/recordSecurityEvent.ts';
import { authenticatorSetup } from './manageTwoFactor.ts';
import { matchTotpStep, newTotpSecret, totpFor } from './totp.ts';
import { sealTotpSecret, totpIssuer } from './totpFactor.ts';

const replacementLifetimeMs = 15 * 60_000;
const sealContext = (userId: string) => `totp-replacement:${userId}`;

/**
 * "Edit": a new secret for a new app. It is returned sealed (AES-256-GCM, bound to the account,
 * with its expiry and id inside) rather than stored, so the current app keeps working, and nothing
 * about the account changes, until a code from the new app proves the person has it. Only the
 * id of the newest Edit is stored: starting another voids the older token.
 */
export async function startAuthenticatorReplacement(ctx: AccountContext, user: User): Promise<AuthenticatorReplacement> {
  const secret = newTotpSecret();
  const expiresAt = ctx.now().getTime() + replacementLifetimeMs;
  const id = randomToken(16);
  const createdAt = ctx.now();
  await ctx.db.authenticatorReplacement.upsert({ where: { userId: user.id }, create: { userId: user.id, replacementId: id, createdAt }, update: { replacementId: id, createdAt } });
  const replacementToken = encryptSecret(ctx.keys.totp, JSON.stringify({ secret, expiresAt, id }), sealContext(user.id));
  return { ...(await authenticatorSetup(ctx, user, secret)), replacementToken };
}

/** The new secret, the time step its code used and the Edit's id, or a 4xx: a token that is not ours, or too old, changes nothing. */
export function checkAuthenticatorReplacement(ctx: Pick<AccountContext, 'db' | 'keys' | 'now' | 'config'>, user: User, replacementToken: string, code: string): { sealed: string; step: number; id: string } {
  let opened: { secret?: unknown; expiresAt?: unknown; id?: unknown };
  try {
    opened = JSON.parse(decryptSecret(ctx.keys.totp, replacementToken, sealContext(user.id))) as typeof opened;
  } catch {
    throw new AppError('validation_failed', 'Start again with "Edit"', { fields: [{ path: 'replacementToken', message: 'Not a replacement this account started' }] });
  }
  if (typeof opened.secret !== 'string' || typeof opened.id !== 'string' || typeof opened.expiresAt !== 'number' || opened.expiresAt <= ctx.now().getTime()) {
    throw new AppError('expired', 'This setup key has expired; start again with "Edit"');
  }
  const step = matchTotpStep(totpFor(opened.secret, totpIssuer(ctx), user.id), code, ctx.now());
  if (step === null) {
    throw new AppError('invalid_code', 'That code is not valid; check the time on your device and try the next code', {
      fields: [{ path: 'code', message: 'Invalid authentication code' }],
    });
  }
  return { sealed: sealTotpSecret(ctx, user.id, opened.secret), step, id: opened.id };
}

/**
 * Rule: replacing the app swaps only the secret. Recovery codes, security keys and the fallback
 * number stay; the code just used is spent. Each Edit's token finishes once, and only the newest
 * (its stored id is spent here: one conditional delete). The swap and its event, in the caller's
 * transaction.
 */
export async function applyAuthenticatorReplacement(
  ctx: Pick<AccountContext, 'now'>,
  tx: AccountTx,
  user: User,
  replacement: { sealed: string; step: number; id: string },
  client: ClientInfo,
): Promise<void> {
  const spent = await tx.authenticatorReplacement.deleteMany({ where: { userId: user.id, replacementId: replacement.id } });
  if (spent.count !== 1) throw new AppError('expired', 'This setup key was used or replaced by a newer one; start again with "Edit"');
  const swapped = await tx.twoFactor.updateMany({
    where: { userId: user.id, enabledAt: { not: null } },
    data: { totpSecretEnc: replacement.sealed, lastUsedStep: replacement.step },
  });
  if (swapped.count !== 1) throw new AppError('conflict', 'Two-factor authentication is not enabled');
  await tx.securityEvent.create({ data: securityEventRow({ userId: user.id, action: 'two_factor_authentication.update_totp', client }, ctx.now()) });
}
