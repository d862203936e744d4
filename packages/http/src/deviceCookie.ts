import type { Request, Response } from 'express';
import { hostCookieName, readCookie } from './cookies.ts';

const yearMs = 365 * 24 * 3_600_000;

/** A browser's long-lived random id, and whether it came under the unprefixed name from before `__Host-`. */
export interface DeviceId {
  deviceId: string;
  legacy: boolean;
}

/**
 * The browser's id from its device cookie. Under https the cookie is `__Host-<name>` (Secure,
 * host-only, path `/`: a sibling subdomain or a plain-http page cannot plant a device id); one
 * still held under the bare name is read too (`legacy`), so browsers known before keep their id.
 */
export function readDeviceId(req: Request, name: string, secure: boolean): DeviceId | undefined {
  const prefixed = hostCookieName(name, secure);
  for (const [cookie, legacy] of [[prefixed, false], [name, true]] as const) {
    const deviceId = readCookie(req, cookie);
    if (deviceId && deviceId.length <= 64) return { deviceId, legacy: legacy && cookie !== prefixed };
  }
  return undefined;
}

/** Gives the browser its device cookie for a year (`__Host-` prefixed under https). */
export function setDeviceCookie(res: Response, name: string, deviceId: string, secure: boolean): void {
  res.cookie(hostCookieName(name, secure), deviceId, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: yearMs });
}
