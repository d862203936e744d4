import QRCode from 'qrcode';
import type { RecoveryCodesIssued, TwoFactorSetup, TwoFactorStatus } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { countRemainingCodes, issueRecoveryCodes } from './recoveryCodeStore.ts';
import { newTotpSecret, totpFor } from './totp.ts';
import { sealTotpSecret, totpIssuer, verifyTotp } from './totpFactor.ts';

export async function twoFactorStatus(ctx: AccountContext, userId: string): Promise<TwoFactorStatus> {
  const factor = await ctx.db.twoFactor.findUnique({ where: { userId } });
  const enabled = !!factor?.enabledAt;
  const { remaining, total } = enabled ? await countRemainingCodes(ctx, userId) : { remaining: 0, total: 0 };
  return { enabled, enabledAt: factor?.enabledAt?.toISOString() ?? null, recoveryCodesRemaining: remaining, recoveryCodesTotal: total };
}

export async function isTwoFactorEnabled(ctx: Pick<AccountContext, 'db'>, userId: string): Promise<boolean> {
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

/** Rule: 2FA is on only once the user proves their app produces valid codes. */
export async function enableTwoFactor(ctx: AccountContext, user: User, code: string, client: ClientInfo): Promise<RecoveryCodesIssued> {
  const factor = await ctx.db.twoFactor.findUnique({ where: { userId: user.id } });
  if (!factor) throw new AppError('conflict', 'Start the setup first');
  if (factor.enabledAt) throw new AppError('conflict', 'Two-factor authentication is already enabled');
  if (!(await verifyTotp(ctx, user.id, code, false))) {
    throw new AppError('invalid_code', 'That code is not valid; check the time on your device and try the next code', {
      fields: [{ path: 'code', message: 'Invalid authentication code' }],
    });
  }
  const enabled = await ctx.db.twoFactor.updateMany({ where: { userId: user.id, enabledAt: null }, data: { enabledAt: ctx.now() } });
  if (enabled.count !== 1) throw new AppError('conflict', 'Two-factor authentication is already enabled');
  const recoveryCodes = await issueRecoveryCodes(ctx, user.id);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.enabled', client });
  await notifyUser(ctx, user, 'Two-factor authentication enabled', `Two-factor authentication was turned on for ${user.displayName}. Keep your recovery codes somewhere safe.`);
  return { recoveryCodes, generatedAt: ctx.now().toISOString() };
}

export async function regenerateRecoveryCodes(ctx: AccountContext, user: User, client: ClientInfo): Promise<RecoveryCodesIssued> {
  if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
  const recoveryCodes = await issueRecoveryCodes(ctx, user.id);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.recovery_codes_regenerated', client });
  await notifyUser(ctx, user, 'New recovery codes generated', 'A new set of recovery codes was generated for your account. The previous codes no longer work.');
  return { recoveryCodes, generatedAt: ctx.now().toISOString() };
}

/**
 * Turns 2FA off and destroys the seed, every recovery code, and the other second factors
 * (security keys, the fallback number): turning 2FA on again starts from nothing.
 */
export async function disableTwoFactor(ctx: AccountContext, user: User, client: ClientInfo, actor?: { actorId: string }): Promise<void> {
  if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
  await ctx.db.$transaction([
    ctx.db.recoveryCode.deleteMany({ where: { userId: user.id } }),
    ctx.db.twoFactor.deleteMany({ where: { userId: user.id } }),
    ctx.db.securityKey.deleteMany({ where: { userId: user.id } }),
    ctx.db.fallbackSms.deleteMany({ where: { userId: user.id } }),
    ctx.db.pendingSignIn.deleteMany({ where: { userId: user.id } }),
  ]);
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.disabled', client, actorId: actor?.actorId ?? null });
  await notifyUser(ctx, user, 'Two-factor authentication disabled', `Two-factor authentication was turned off for ${user.displayName}. If this was not you, reset your password now.`);
}
