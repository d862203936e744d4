import type { Request, Response } from 'express';
import type { PendingSignIn } from '@recovery/db';
import { randomToken, readCookie, sha256Hex } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const cookieName = 'pending_signin';
const lifetimeMs = 10 * 60_000;

/** After a correct password with 2FA on: a short-lived, server-side record of "password passed". */
export async function startPendingSignIn(ctx: AccountContext, res: Response, userId: string, knownDevice: boolean): Promise<void> {
  const id = randomToken(32);
  const now = ctx.now();
  await ctx.db.pendingSignIn.create({
    data: { idHash: sha256Hex(id), userId, knownDevice, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeMs) },
  });
  res.cookie(cookieName, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicOrigin.startsWith('https://'),
    path: '/api/auth',
    maxAge: lifetimeMs,
  });
}

export async function loadPendingSignIn(ctx: AccountContext, req: Request): Promise<PendingSignIn | null> {
  const id = readCookie(req, cookieName);
  if (!id || id.length > 128) return null;
  const pending = await ctx.db.pendingSignIn.findUnique({ where: { idHash: sha256Hex(id) } });
  if (!pending) return null;
  if (pending.expiresAt <= ctx.now()) {
    await ctx.db.pendingSignIn.deleteMany({ where: { idHash: pending.idHash } });
    return null;
  }
  return pending;
}

export async function endPendingSignIn(ctx: AccountContext, res: Response, idHash: string): Promise<void> {
  await ctx.db.pendingSignIn.deleteMany({ where: { idHash } });
  res.clearCookie(cookieName, { path: '/api/auth', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicOrigin.startsWith('https://') });
}
