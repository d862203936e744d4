import type { Request, Response } from 'express';
import type { SqlResult, SqlStep } from '@recovery/db';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import type { SecurityEventInput } from '../securityLog/recordSecurityEvent.ts';
import { deleteSessionStatement, insertSessionStatement } from '../sessions/sessionStatements.ts';
import { deviceVisit } from './rememberDevice.ts';

export interface SignInOutcome {
  /** The writes of a sign-in, for the caller's outcome transaction. */
  steps: SqlStep[];
  /** The id hash of the session the steps open. */
  sessionIdHash: string;
  /** After the commit: cookies, the new-browser email, and the CSRF token for the new session. */
  finish(res: Response, results: readonly SqlResult[]): Promise<string>;
}

/**
 * What signing someone in writes: any previous session ends and a new id is issued (no
 * fixation), the events before it and the login are logged, and the browser is remembered. A
 * browser the user has not used before triggers an email once the transaction has committed.
 */
export function signInOutcome(
  ctx: AccountContext,
  req: Request,
  user: User,
  client: ClientInfo,
  options: { events?: readonly SecurityEventInput[]; newAccount?: boolean; knownDevice?: boolean } = {},
): SignInOutcome {
  const now = ctx.now();
  const previous = ctx.sessions.idHashFrom(req);
  const session = ctx.sessions.issue({ userId: user.id, ip: client.ip, userAgent: client.userAgent });
  const device = deviceVisit(ctx, req, user.id, client, now, options.knownDevice);
  const events = [...(options.events ?? []), { userId: user.id, action: 'user.login' as const, client }];
  const steps: SqlStep[] = [
    ...(previous ? [{ statement: deleteSessionStatement(previous) }] : []),
    { statement: insertSessionStatement(session.row) },
    { statement: insertSecurityEventsStatement(events, now) },
    ...device.steps,
  ];
  return {
    steps,
    sessionIdHash: session.row.idHash,
    async finish(res, results) {
      session.setCookie(res);
      device.setCookie(res);
      if (device.unseen(results.slice(-device.steps.length)) && !options.newAccount) {
        await notifyUser(
          ctx,
          user,
          'New sign-in to your account',
          [
            `Hello ${user.displayName},`,
            '',
            'Your account was just signed in to from a browser we have not seen before.',
            `Address: ${client.ip}`,
            `Browser: ${client.userAgent || 'unknown'}`,
            `Time: ${now.toISOString()}`,
            '',
            `If this was not you, change your password and review your security log at ${ctx.config.publicOrigin}/settings/security-log.`,
          ].join('\n'),
        );
      }
      return ctx.csrf.issue(res, session.row.idHash);
    },
  };
}
