import type { FallbackSmsView } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { maskLastDigits, supportedSmsCountries } from '@recovery/core/smsCountries';
import type { SmsCountryCode } from '@recovery/core/smsCountries';
import { decryptSecret, encryptSecret, hmacHex } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountTx, FallbackSms, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';
import { parseFallbackNumber } from './parseFallbackNumber.ts';
import { consumeSmsCode, isExpiredSmsCode, sendSmsCode } from './smsCodes.ts';

const masked = (lastDigits: string | null): string | null => (lastDigits ? maskLastDigits(lastDigits) : null);

export function fallbackSmsView(row: FallbackSms | null): FallbackSmsView {
  return {
    number: row?.confirmedAt ? masked(row.lastDigits) : null,
    country: row?.confirmedAt ? row.country : null,
    confirmedAt: row?.confirmedAt?.toISOString() ?? null,
    pendingNumber: masked(row?.pendingLastDigits ?? null),
    supportedCountries: supportedSmsCountries.map((c) => ({ ...c })),
  };
}

export async function getFallbackSms(ctx: AccountContext, userId: string): Promise<FallbackSmsView> {
  return fallbackSmsView(await ctx.db.fallbackSms.findUnique({ where: { userId } }));
}

/** The confirmed fallback number in E.164, or null. */
export async function fallbackNumberOf(ctx: AccountContext, userId: string): Promise<string | null> {
  const row = await ctx.db.fallbackSms.findUnique({ where: { userId } });
  if (!row?.confirmedAt || !row.phoneEnc) return null;
  return decryptSecret(ctx.keys.phone, row.phoneEnc, `phone:${userId}`);
}

/**
 * Step one of setting or changing the number: validate it and text it a code. The current
 * number, if any, keeps working until the new one is confirmed.
 */
export async function startFallbackSms(ctx: AccountContext, user: User, country: SmsCountryCode, input: string): Promise<FallbackSmsView> {
  if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Turn on two-factor authentication before adding a fallback number');
  const { e164, lastDigits } = parseFallbackNumber(country, input);
  const phoneHash = hmacHex(ctx.keys.phoneHash, e164);
  const existing = await ctx.db.fallbackSms.findUnique({ where: { userId: user.id } });
  if (existing?.confirmedAt && existing.phoneHash === phoneHash) {
    throw new AppError('validation_failed', 'That is already your fallback number', { fields: [{ path: 'phoneNumber', message: 'That is already your fallback number' }] });
  }
  await sendSmsCode(ctx, user.id, 'confirm', e164);
  const pending = { pendingPhoneEnc: encryptSecret(ctx.keys.phone, e164, `phone:${user.id}`), pendingPhoneHash: phoneHash, pendingLastDigits: lastDigits, pendingCountry: country, updatedAt: ctx.now() };
  const row = await ctx.db.fallbackSms.upsert({ where: { userId: user.id }, create: { userId: user.id, ...pending }, update: pending });
  return fallbackSmsView(row);
}

/** "Resend": a new code to the number waiting for confirmation (the same send limits apply). */
export async function resendFallbackSmsCode(ctx: AccountContext, user: User): Promise<FallbackSmsView> {
  const row = await ctx.db.fallbackSms.findUnique({ where: { userId: user.id } });
  if (!row?.pendingPhoneEnc) throw new AppError('conflict', 'There is no number waiting for confirmation');
  await sendSmsCode(ctx, user.id, 'confirm', decryptSecret(ctx.keys.phone, row.pendingPhoneEnc, `phone:${user.id}`));
  return fallbackSmsView(row);
}

/** The code spent, the number switched and the event recorded: one outcome, committed in `tx`. */
export async function confirmFallbackSms(ctx: AccountContext, tx: AccountTx, user: User, code: string, client: ClientInfo): Promise<FallbackSms> {
  const row = await tx.fallbackSms.findUnique({ where: { userId: user.id } });
  if (!row?.pendingPhoneEnc) throw new AppError('conflict', 'There is no number waiting for confirmation');
  if (!(await consumeSmsCode(ctx, user.id, 'confirm', code, tx))) {
    if (await isExpiredSmsCode(ctx, user.id, 'confirm', code, tx)) {
      throw new AppError('expired', 'That confirmation code has expired; send a new one', { fields: [{ path: 'code', message: 'This code has expired' }] });
    }
    throw new AppError('invalid_code', 'That confirmation code is not valid or has expired', { fields: [{ path: 'code', message: 'Invalid confirmation code' }] });
  }
  const changed = !!row.confirmedAt;
  const updated = await tx.fallbackSms.update({
    where: { userId: user.id },
    data: {
      phoneEnc: row.pendingPhoneEnc,
      phoneHash: row.pendingPhoneHash,
      lastDigits: row.pendingLastDigits,
      country: row.pendingCountry,
      confirmedAt: ctx.now(),
      pendingPhoneEnc: null,
      pendingPhoneHash: null,
      pendingLastDigits: null,
      pendingCountry: null,
      updatedAt: ctx.now(),
    },
  });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.update_fallback', client, data: { change: changed ? 'changed' : 'added', lastDigits: updated.lastDigits } }, tx);
  return updated;
}

export function notifyFallbackSmsConfirmed(ctx: AccountContext, user: User, confirmed: FallbackSms): Promise<void> {
  return notifyUser(ctx, user, 'Fallback SMS number changed', `The fallback SMS number of ${user.displayName} is now the one ending in ${confirmed.lastDigits}. If this was not you, remove it and reset your password.`);
}

export async function removeFallbackSms(ctx: AccountContext, tx: AccountTx, user: User, client: ClientInfo): Promise<void> {
  const removed = await tx.fallbackSms.deleteMany({ where: { userId: user.id } });
  if (removed.count === 0) throw new AppError('not_found', 'There is no fallback number');
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.update_fallback', client, data: { change: 'removed' } }, tx);
}

export function notifyFallbackSmsRemoved(ctx: AccountContext, user: User): Promise<void> {
  return notifyUser(ctx, user, 'Fallback SMS number removed', `The fallback SMS number of ${user.displayName} was removed.`);
}
