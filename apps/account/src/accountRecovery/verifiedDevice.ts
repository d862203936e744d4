import type { Request } from 'express';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { deviceHashOf } from '../auth/rememberDevice.ts';

export interface VerifiedDevice {
  deviceHash: string;
  userAgent: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/**
 * The verified device of a recovery without a partner: this browser's known-browser record for
 * the account, last used after 2FA was turned on. With 2FA on, a browser's record moves
 * only when a sign-in finishes, which takes the second factor, so such a record shows the account
 * passed 2FA in this browser. A browser known only from before 2FA proves nothing about it.
 */
export async function findVerifiedDevice(ctx: Pick<AccountContext, 'keys' | 'config'> & { db: AccountTx }, req: Request, userId: string): Promise<VerifiedDevice | null> {
  const deviceHash = deviceHashOf(ctx, req);
  if (!deviceHash) return null;
  return verifiedDeviceByHash(ctx.db, userId, deviceHash);
}

export async function verifiedDeviceByHash(db: AccountTx, userId: string, deviceHash: string): Promise<VerifiedDevice | null> {
  const [device, twoFactor] = await Promise.all([
    db.knownDevice.findUnique({ where: { userId_deviceHash: { userId, deviceHash } } }),
    db.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } }),
  ]);
  if (!device || !twoFactor?.enabledAt || device.lastSeenAt <= twoFactor.enabledAt) return null;
  return { deviceHash, userAgent: device.userAgent, firstSeenAt: device.firstSeenAt, lastSeenAt: device.lastSeenAt };
}
