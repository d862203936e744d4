import { createSweeper, expiresAtSweep, passwordLimitPrefixes, rateLimitSweep, sessionSweep } from '@recovery/http';
import type { Sweeper, SweptTable } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { sendLimits } from '../fallbackSms/smsCodes.ts';

/**
 * Every table of the account service whose rows expire (packages/db/prisma/account/models.prisma).
 * Not swept: users and what they own (tokens, keys, codes, the fallback number, known browsers),
 * recovery requests, the append-only security log, and the outbox (it is the development mailbox).
 */
export function accountSweptTables(ctx: AccountContext): SweptTable[] {
  const sms = sendLimits(ctx);
  return [
    rateLimitSweep('RateLimit', {
      ...passwordLimitPrefixes(ctx.limits),
      'reset:ip:': ctx.limits.signInPerAddress,
      'signup:ip:': ctx.signUpLimit,
      'sudo:session:': ctx.sudoLimits.perSession,
      'sudo:user:': ctx.sudoLimits.perAccount,
      'sudo:ip:': ctx.sudoLimits.perAddress,
      'sms:resend:': sms.resend,
      'sms:day:': sms.daily,
      '2fa:ip:': ctx.twoFactorLimits.perAddress,
      // "2fa:user:" counts consecutive failures: its window never closes, so its failures stay.
      '2fa:user:': ctx.twoFactorLimits.perAccount,
    }),
    expiresAtSweep('PendingSignIn', 'idHash'),
    sessionSweep('Session', ctx.config.session.idleMs),
    expiresAtSweep('WebAuthnChallenge', 'challenge'),
    expiresAtSweep('SmsCode', 'id'),
    expiresAtSweep('OAuthFlow', 'stateHash'),
    expiresAtSweep('PasswordReset', 'tokenHash'),
    expiresAtSweep('OutcomeReceipt', 'key'),
  ];
}

/** The account service's sweeper, not yet started (main starts it, and stops it on shutdown). */
export function accountSweeper(ctx: AccountContext): Sweeper {
  return createSweeper({ sql: ctx.sql, tables: accountSweptTables(ctx), now: ctx.now, logger: ctx.logger, ...ctx.config.sweep });
}
