import QRCode from 'qrcode';
import type { RecoveryCodesIssued, TwoFactorSetup, TwoFactorStatus } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { AccountTx, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { codesOfCommittedEnable, recordEnableReceipt } from './committedEnableRetry.ts';
import { countRemainingCodes, issueRecoveryCodes } from './recoveryCodeStore.ts';
import { newTotpSecret, totpFor } from './totp.ts';
import { sealTotpSecret, totpIssuer, verifyTotp } from './totpFactor.ts';

export async function twoFactorStatus(ctx: AccountContext, userId: string): Promise<TwoFactorStatus> {
  const factor = await ctx.db.twoFactor.findUnique({ where: { userId } });
  const enabled = !!factor?.enabledAt;
  const { remaining, total } = enabled ? await countRemainingCodes(ctx, userId) : { remaining: 0, total: 0 };
  return { enabled, enabledAt: factor?.enabledAt?.toISOString() ?? null, recoveryCodesRemaining: remaining, recoveryCodesTotal: total };
}

export async function isTwoFactorEnabled(ctx: { db: AccountTx }, userId: string): Promise<boolean> {
  const factor = await ctx.db.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return !!factor?.enabledAt;
}

/** A fresh secret awaiting proof that the user's app has it; nothing changes for sign-in yet. */
export async function startTwoFactorSetup(ctx: AccountContext, user: User): Promise<TwoFactorSetup> {
  if (await isTwoFactorEnabled(ctx, user.id)) throw new AppError('conflict', 'Two-factor authentication is already enabled');
  const secret = newTotpSecret();
  const sealed = sealTotpSecret(ctx, user.id, secret);
  await ctx.db.twoFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, totpSecretEnc: sealed, createdAt: ctx.now() },
    update: { totpSecretEnc: sealed, lastUsedStep: null, recoveryCodeSet: null, enabledAt: null, createdAt: ctx.now() },
  });
  return authenticatorSetup(ctx, user, secret);
}

/** What an authenticator app needs to add the account: the otpauth URI, as text and as a QR code. */
export async function authenticatorSetup(ctx: AccountContext, user: User, secret: string): Promise<TwoFactorSetup> {
  const uri = totpFor(secret, totpIssuer(ctx), user.displayName).toString();
  return { otpauthUri: uri, setupKey: secret, qrCodeDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}

/**
 * Rule: 2FA is on only once the user proves their app produces valid codes. Turning it on, the
 * recovery codes and the security-log event are one outcome: they commit together in `tx` or
 * not at all, so nobody is left with 2FA on and no codes. The email goes after the commit. A
 * retry of the same attempt (same session and setup) after its answer was lost gets the same
 * codes again (see codesOfCommittedEnable), and says whether it was one (`retried`).
 */
export async function enableTwoFactor(
  ctx: AccountContext,
  tx: AccountTx,
  user: User,
  code: string,
  client: ClientInfo,
  sessionIdHash: string,
): Promise<RecoveryCodesIssued & { retried?: true }> {
  const factor = await tx.twoFactor.findUnique({ where: { userId: user.id } });
  if (!factor) throw new AppError('conflict', 'Start the setup first');
  if (factor.enabledAt) {
    const again = await codesOfCommittedEnable(ctx, tx, factor, sessionIdHash, code);
    if (again) {
      // Rule (as for "show recovery codes"): every time the codes are shown, the log says so.
      await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_recovery_codes_viewed', client }, tx);
      return { ...again, retried: true };
    }
    throw new AppError('conflict', 'Two-factor authentication is already enabled');
  }
  if (!(await verifyTotp(ctx, user.id, code, false, tx))) {
    throw new AppError('invalid_code', 'That code is not valid; check the time on your device and try the next code', {
      fields: [{ path: 'code', message: 'Invalid authentication code' }],
    });
  }
  const enabled = await tx.twoFactor.updateMany({ where: { userId: user.id, enabledAt: null }, data: { enabledAt: ctx.now() } });
  if (enabled.count !== 1) throw new AppError('conflict', 'Two-factor authentication is already enabled');
  const { codes: recoveryCodes, setId } = await issueRecoveryCodes(ctx, tx, user.id);
  await recordEnableReceipt(ctx, tx, factor, sessionIdHash, setId);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.enabled', client }, tx);
  return { recoveryCodes, generatedAt: ctx.now().toISOString() };
}

export function notifyTwoFactorEnabled(ctx: AccountContext, user: User): Promise<void> {
  return notifyUser(ctx, user, 'Two-factor authentication enabled', `Two-factor authentication was turned on for ${user.displayName}. Keep your recovery codes somewhere safe.`);
}

/** A regeneration this soon after the previous one is a double submit or a burst. */
export const regenerationCooldownMs = 10_000;

/**
 * The new set and its event commit together in `tx`; the old set dies with that commit.
 * Rule: of racing regenerations exactly one issues codes; the others are refused (409), never
 * handed a set that a later commit voids. The no-op update takes the TwoFactor row's lock first,
 * so a racing regeneration waits for the winner's commit and then sees its event.
 */
export async function regenerateRecoveryCodes(ctx: AccountContext, tx: AccountTx, user: User, client: ClientInfo): Promise<RecoveryCodesIssued> {
  const locked = await tx.$executeRaw`UPDATE "TwoFactor" SET "recoveryCodeSet" = "recoveryCodeSet" WHERE "userId" = ${user.id} AND "enabledAt" IS NOT NULL`;
  if (locked !== 1) throw new AppError('conflict', 'Two-factor authentication is not enabled');
  const recent = await tx.securityEvent.count({
    where: { userId: user.id, action: 'two_factor_authentication.recovery_codes_regenerated', createdAt: { gt: new Date(ctx.now().getTime() - regenerationCooldownMs) } },
  });
  if (recent > 0) {
    throw new AppError('conflict', 'New recovery codes were just generated; reload the page to see them');
  }
  const { codes: recoveryCodes } = await issueRecoveryCodes(ctx, tx, user.id);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.recovery_codes_regenerated', client }, tx);
  return { recoveryCodes, generatedAt: ctx.now().toISOString() };
}

export function notifyRecoveryCodesRegenerated(ctx: AccountContext, user: User): Promise<void> {
  return notifyUser(ctx, user, 'New recovery codes generated', 'A new set of recovery codes was generated for your account. The previous codes no longer work.');
}

/**
 * Destroys the seed, every recovery code, and the other second factors (security keys, the
 * fallback number) and voids pending sign-ins, in `tx`: turning 2FA on again starts from nothing.
 */
export async function removeSecondFactors(tx: AccountTx, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.twoFactor.deleteMany({ where: { userId } });
  await tx.securityKey.deleteMany({ where: { userId } });
  await tx.fallbackSms.deleteMany({ where: { userId } });
  await tx.pendingSignIn.deleteMany({ where: { userId } });
}

/** Turns 2FA off: every second factor goes, with its event, in one transaction. */
export async function disableTwoFactor(ctx: AccountContext, tx: AccountTx, user: User, client: ClientInfo): Promise<void> {
  if (!(await isTwoFactorEnabled({ db: tx }, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
  await removeSecondFactors(tx, user.id);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.disabled', client }, tx);
}

export function notifyTwoFactorDisabled(ctx: AccountContext, user: User): Promise<void> {
  return notifyUser(ctx, user, 'Two-factor authentication disabled', `Two-factor authentication was turned off for ${user.displayName}. If this was not you, reset your password now.`);
}
