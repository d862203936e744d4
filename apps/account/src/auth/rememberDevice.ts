import type { Request, Response } from 'express';
import { sql } from '@recovery/db';
import type { SqlResult, SqlStep } from '@recovery/db';
import { hmacHex, randomToken, readDeviceId, setDeviceCookie } from '@recovery/http';
import type { ClientInfo, DeviceId } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const legacyCookieName = 'device_id';

function isSecure(ctx: Pick<AccountContext, 'config'>): boolean {
  return ctx.config.publicOrigin.startsWith('https://');
}

/** The browser's id (`__Host-device_id` under https; see readDeviceId). */
function deviceIdFrom(ctx: Pick<AccountContext, 'config'>, req: Request): DeviceId | undefined {
  return readDeviceId(req, legacyCookieName, isSecure(ctx));
}

/** The keyed hash of the browser's id, or null when it has none yet. */
export function deviceHashOf(ctx: Pick<AccountContext, 'keys' | 'config'>, req: Request): string | null {
  const deviceId = deviceIdFrom(ctx, req)?.deviceId;
  return deviceId ? hmacHex(ctx.keys.deviceHash, deviceId) : null;
}

export interface DeviceVisit {
  /** Records the visit: a new row for a browser this user has not used, else its last-seen time. */
  steps: SqlStep[];
  /** Whether the browser is new to this user (from the results of `steps`). */
  unseen(results: readonly SqlResult[]): boolean;
  /** Gives a browser without an id its long-lived random id. */
  setCookie(res: Response): void;
}

/**
 * Recognises the browser by a long-lived random cookie, stored per user as a keyed hash. When
 * the caller already read whether the browser is known (`known`), one upsert records the visit;
 * otherwise an update, then an insert that only a new browser makes.
 */
export function deviceVisit(ctx: Pick<AccountContext, 'keys' | 'config'>, req: Request, userId: string, client: ClientInfo, now: Date, known?: boolean): DeviceVisit {
  const existing = deviceIdFrom(ctx, req);
  const deviceId = existing?.deviceId ?? randomToken(24);
  const deviceHash = hmacHex(ctx.keys.deviceHash, deviceId);
  const insert = sql`INSERT INTO "KnownDevice" ("userId", "deviceHash", "userAgent", "firstSeenAt", "lastSeenAt") VALUES (${userId}, ${deviceHash}, ${client.userAgent}, ${now}, ${now})`;
  const steps =
    known === undefined
      ? [
          { statement: sql`UPDATE "KnownDevice" SET "lastSeenAt" = ${now} WHERE "userId" = ${userId} AND "deviceHash" = ${deviceHash}` },
          { statement: sql`${insert} ON CONFLICT ("userId", "deviceHash") DO NOTHING` },
        ]
      : [{ statement: sql`${insert} ON CONFLICT ("userId", "deviceHash") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"` }];
  return {
    steps,
    unseen: (results) => (known === undefined ? results.at(-1)?.changes === 1 : !known),
    setCookie(res) {
      if (existing && !existing.legacy) return;
      setDeviceCookie(res, legacyCookieName, deviceId, isSecure(ctx));
    },
  };
}
