import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { readCookie, sha256Hex } from '@recovery/http';
import type { DelegatedSaveRequest } from '@recovery/db';
import type { PartnerContext } from '../context.ts';

const cookieName = 'partner_dar_save';
const cookiePath = '/delegated-recovery/';
const lifetimeMs = 10 * 60_000;

/**
 * Keeps a token that arrived by the draft's cross-site form POST until its user confirms. That
 * POST carries no session cookie (SameSite=Lax), so the token waits in the database and this
 * browser gets a random handle to it in a cookie; only the handle's hash is stored.
 */
export async function holdSaveRequest(ctx: PartnerContext, res: Response, input: { issuer: string; token: string; state: string | undefined; obsoletes: string[] }): Promise<void> {
  const handle = randomBytes(32).toString('base64url');
  const now = ctx.now();
  await ctx.db.delegatedSaveRequest.deleteMany({ where: { expiresAt: { lt: now } } });
  await ctx.db.delegatedSaveRequest.create({
    data: { idHash: sha256Hex(handle), issuer: input.issuer, token: input.token, state: input.state ?? null, obsoletes: input.obsoletes.length > 0 ? input.obsoletes.join(',') : null, createdAt: now, expiresAt: new Date(now.getTime() + lifetimeMs) },
  });
  res.cookie(cookieName, handle, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicOrigin.startsWith('https://'),
    path: cookiePath,
    maxAge: lifetimeMs,
  });
}

/** This browser's waiting save request, if it has one that has not expired. */
export async function heldSaveRequest(ctx: PartnerContext, req: Request): Promise<DelegatedSaveRequest | null> {
  const handle = readCookie(req, cookieName);
  if (!handle || handle.length > 100) return null;
  return ctx.db.delegatedSaveRequest.findFirst({ where: { idHash: sha256Hex(handle), expiresAt: { gt: ctx.now() } } });
}

/** Ends the save request (saved, declined or failed): single use. */
export async function releaseSaveRequest(ctx: PartnerContext, request: DelegatedSaveRequest, res: Response): Promise<void> {
  await ctx.db.delegatedSaveRequest.deleteMany({ where: { idHash: request.idHash } });
  res.clearCookie(cookieName, { path: cookiePath });
}
