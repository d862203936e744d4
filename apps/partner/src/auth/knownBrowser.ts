import type { Request, Response } from 'express';
import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { hmacHex, randomToken, readDeviceId, setDeviceCookie } from '@recovery/http';
import type { PartnerContext } from '../context.ts';

const cookieName = 'partner_device_id';

function isSecure(ctx: Pick<PartnerContext, 'config'>): boolean {
  return ctx.config.publicOrigin.startsWith('https://');
}

/** The keyed hash of the browser's device id (`__Host-partner_device_id` under https), or null when it has none. */
export function partnerDeviceHash(ctx: Pick<PartnerContext, 'config' | 'deviceHashKey'>, req: Request): string | null {
  const deviceId = readDeviceId(req, cookieName, isSecure(ctx))?.deviceId;
  return deviceId ? hmacHex(ctx.deviceHashKey, deviceId) : null;
}

/** Whether the user signed in from this browser before (see passwordAccountKey in @recovery/http). */
export async function isKnownBrowser(ctx: Pick<PartnerContext, 'config' | 'deviceHashKey' | 'db'>, req: Request, userId: string): Promise<boolean> {
  const deviceHash = partnerDeviceHash(ctx, req);
  if (!deviceHash) return false;
  return (await ctx.db.partnerKnownDevice.findUnique({ where: { userId_deviceHash: { userId, deviceHash } }, select: { userId: true } })) !== null;
}

export interface BrowserVisit {
  /** Records the browser as known to the user (a new row, else its last-seen time). */
  statement: SqlStatement;
  /** Gives a browser without a device id its long-lived random one. */
  setCookie(res: Response): void;
}

/** Remembers the browser a user just signed in from, by a long-lived random cookie stored as a keyed hash. */
export function rememberBrowser(ctx: Pick<PartnerContext, 'config' | 'deviceHashKey' | 'now'>, req: Request, userId: string): BrowserVisit {
  const existing = readDeviceId(req, cookieName, isSecure(ctx));
  const deviceId = existing?.deviceId ?? randomToken(24);
  const deviceHash = hmacHex(ctx.deviceHashKey, deviceId);
  const now = ctx.now();
  return {
    statement: sql`INSERT INTO "PartnerKnownDevice" ("userId", "deviceHash", "firstSeenAt", "lastSeenAt") VALUES (${userId}, ${deviceHash}, ${now}, ${now})
ON CONFLICT ("userId", "deviceHash") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
    setCookie(res) {
      if (existing && !existing.legacy) return;
      setDeviceCookie(res, cookieName, deviceId, isSecure(ctx));
    },
  };
}
