import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { authOf, requireUser } from '../auth/requestAuth.ts';
import { signInWithPassword } from '../auth/passwordSignIn.ts';
import { confirmAccess, sudoView } from '../auth/sudo.ts';
import { signUp } from '../auth/signUp.ts';
import { completePasswordReset, requestPasswordReset } from '../auth/passwordReset.ts';
import { userView } from '../auth/userView.ts';
import { oneRowStep } from '@recovery/db';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { deleteSessionStatement } from '../sessions/sessionStatements.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';
import { openRecoveryOf } from '../accountRecovery/openRecoveryOf.ts';
import { signInWithSecondFactor } from '../twoFactor/secondFactorStep.ts';

export function authRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.getSession, async ({ req, res }) => {
    const { user, session } = authOf(res);
    return {
      appName: ctx.config.appName,
      recoveryWaitingHours: ctx.config.recoveryDelayMs / 3_600_000,
      user: user ? userView(user, await isTwoFactorEnabled(ctx, user.id)) : null,
      sudo: sudoView(session, ctx.now()),
      csrfToken: ctx.csrf.current(req, res, session?.idHash ?? 'anonymous'),
    };
  });

  addRoute(router, ctx, ops.signUp, async ({ body, client, req, res }) => {
    const { user, csrfToken } = await signUp(ctx, req, res, body, client);
    return { user: userView(user, false), csrfToken };
  });

  addRoute(router, ctx, ops.signIn, async ({ body, client, req, res }) => {
    const result = await signInWithPassword(ctx, req, res, body.login, body.password, client);
    if (!result.twoFactorRequired) return { user: userView(result.user, false), csrfToken: result.csrfToken };
    const partner = ctx.config.partner;
    return {
      twoFactorRequired: true as const,
      account: result.user.displayName,
      methods: result.methods,
      recoveryPartner: partner ? { name: partner.name, url: partner.url } : null,
      recovery: await openRecoveryOf(ctx, result.user.id),
    };
  });

  addRoute(router, ctx, ops.signInTwoFactor, async ({ body, client, req, res }) => {
    const { user, csrfToken } = await signInWithSecondFactor(ctx, req, res, body, client);
    return { user: userView(user, true), csrfToken };
  });

  addRoute(router, ctx, ops.signOut, async ({ client, req, res }) => {
    const { user, session } = requireUser(res);
    // The session's end and its log entry commit together; a session another request ended
    // meanwhile (a second click, "sign out everywhere") is not logged out twice.
    await ctx.sql.transaction([
      oneRowStep(deleteSessionStatement(session.idHash)),
      { statement: insertSecurityEventsStatement([{ userId: user.id, action: 'user.logout', client }], ctx.now()) },
    ]);
    ctx.sessions.clearCookie(res);
    ctx.csrf.issue(res, 'anonymous');
  });

  addRoute(router, ctx, ops.confirmAccess, async ({ body, client, req, res }) => {
    const { user, session } = requireUser(res);
    return confirmAccess(ctx, req, res, user, session, body, client);
  });

  addRoute(router, ctx, ops.requestPasswordReset, async ({ body, client }) => {
    await requestPasswordReset(ctx, body.login, client);
    return { status: 'sent' as const };
  });

  addRoute(router, ctx, ops.completePasswordReset, async ({ body, client, req, res }) => {
    await completePasswordReset(ctx, body.token, body.password, client);
    await ctx.sessions.end(req, res);
  });

  return router;
}
