import type { Request, Response } from 'express';
import { hmacHex, randomToken, readCookie } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const cookieName = 'device_id';
const yearMs = 365 * 24 * 3_600_000;

/**
 * Recognises the browser by a long-lived random cookie, stored per user as a keyed hash.
 * Returns true when this user has not signed in from this browser before.
 */
export async function rememberDevice(ctx: AccountContext, req: Request, res: Response, userId: string, client: ClientInfo): Promise<boolean> {
  let deviceId = readCookie(req, cookieName);
  if (!deviceId || deviceId.length > 64) {
    deviceId = randomToken(24);
    res.cookie(cookieName, deviceId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.publicOrigin.startsWith('https://'),
      path: '/',
      maxAge: yearMs,
    });
  }
  const deviceHash = hmacHex(ctx.keys.deviceHash, deviceId);
  const now = ctx.now();
  const known = await ctx.db.knownDevice.updateMany({ where: { userId, deviceHash }, data: { lastSeenAt: now } });
  if (known.count > 0) return false;
  await ctx.db.knownDevice.createMany({ data: [{ userId, deviceHash, userAgent: client.userAgent, firstSeenAt: now, lastSeenAt: now }] }).catch(() => undefined);
  return true;
}

/** Whether this browser is one the user has signed in from before (no cookie is set). */
export async function isKnownDevice(ctx: AccountContext, req: Request, userId: string): Promise<boolean> {
  const deviceId = readCookie(req, cookieName);
  if (!deviceId || deviceId.length > 64) return false;
  const found = await ctx.db.knownDevice.findUnique({ where: { userId_deviceHash: { userId, deviceHash: hmacHex(ctx.keys.deviceHash, deviceId) } } });
  return found !== null;
}
