import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { deriveKey, readCookie } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const cookieName = 'dar_save_state';
const cookiePath = '/delegated-recovery/';
const lifetimeMs = 10 * 60_000;

function mac(ctx: Pick<AccountContext, 'config'>, state: string): string {
  return createHmac('sha256', deriveKey(ctx.config.secretKey, 'dar-save-state-cookie')).update(state).digest('base64url');
}

/**
 * The draft binds the browser that starts a save to the one that returns only through `state`,
 * which any page can carry. We also keep the state in a signed, HttpOnly cookie of this
 * browser: a `save-token-return` is honoured only where the cookie matches, and a cookie
 * planted by a sibling site without our key does not.
 */
export function setStateCookie(ctx: AccountContext, res: Response, state: string): void {
  res.cookie(cookieName, `${state}.${mac(ctx, state)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicOrigin.startsWith('https://'),
    path: cookiePath,
    maxAge: lifetimeMs,
  });
}

/** The state this browser started, if its cookie is present and carries our signature. */
export function stateFromCookie(ctx: AccountContext, req: Request): string | undefined {
  const value = readCookie(req, cookieName);
  if (!value || value.length > 300) return undefined;
  const dot = value.lastIndexOf('.');
  const state = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(ctx, state));
  return dot > 0 && given.length === expected.length && timingSafeEqual(given, expected) ? state : undefined;
}

export function clearStateCookie(res: Response): void {
  res.clearCookie(cookieName, { path: cookiePath });
}
