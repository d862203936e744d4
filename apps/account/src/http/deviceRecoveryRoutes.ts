import { Router } from 'express';
import type { Request } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { PendingSignIn } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { maskEmail, reserveRecoveryEmailGuess, sendRecoveryEmailCode, spendRecoveryEmailCode } from '../accountRecovery/emailRecoveryCode.ts';
import { notifyDeviceRecoveryStarted, openDeviceRecoveryRequest } from '../accountRecovery/deviceRecoveryRequest.ts';
import { findVerifiedDevice } from '../accountRecovery/verifiedDevice.ts';
import { clearPendingSignInCookie, loadPendingSignIn } from '../twoFactor/pendingSignIn.ts';

async function requirePending(ctx: AccountContext, req: Request): Promise<PendingSignIn> {
  const pending = await loadPendingSignIn(ctx, req);
  if (!pending) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
  return pending;
}

/** "Start account recovery" at the second sign-in step: no partner, the email and a verified device instead. */
export function deviceRecoveryRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.startDeviceRecovery, async ({ req }) => {
    const pending = await requirePending(ctx, req);
    const user = await ctx.db.user.findUniqueOrThrow({ where: { id: pending.userId } });
    await sendRecoveryEmailCode(ctx, pending.idHash, user);
    return { sentTo: maskEmail(user.email), verifiedDevice: (await findVerifiedDevice(ctx, req, user.id)) !== null };
  });

  addRoute(router, ctx, ops.verifyRecoveryEmail, async ({ req, res, body, client }) => {
    const pending = await requirePending(ctx, req);
    await reserveRecoveryEmailGuess(ctx, pending.idHash);
    const { user, device, requestId } = await ctx.db.$transaction(async (tx) => {
      const emailVerifiedAt = await spendRecoveryEmailCode(ctx, tx, pending.idHash, body.code);
      const owner = await tx.user.findUniqueOrThrow({ where: { id: pending.userId } });
      // The proof needs no click: the browser that sent this request is checked as it stands.
      const found = await findVerifiedDevice({ ...ctx, db: tx }, req, owner.id);
      const id = await openDeviceRecoveryRequest(ctx, tx, { user: owner, emailVerifiedAt, device: found }, client);
      // The sign-in attempt is spent: what follows is support's decision, not a session.
      await tx.pendingSignIn.deleteMany({ where: { idHash: pending.idHash } });
      return { user: owner, device: found, requestId: id };
    });
    clearPendingSignInCookie(ctx, res);
    await notifyDeviceRecoveryStarted(ctx, user, device);
    return {
      requestId,
      device: device ? { userAgent: device.userAgent, firstSeenAt: device.firstSeenAt.toISOString(), lastSeenAt: device.lastSeenAt.toISOString() } : null,
      waitingHours: ctx.config.recoveryDelayMs / 3_600_000,
    };
  });

  return router;
}
