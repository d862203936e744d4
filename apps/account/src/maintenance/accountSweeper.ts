import { createSweeper, expiresAtSweep, passwordLimitPrefixes, rateLimitSweep, sessionSweep } from '@recovery/http';
import type { RateLimitPrefixes, Sweeper, SweptTable } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { takenEmailNoticeLimiter } from '../auth/takenEmailNotices.ts';
import { sendLimits } from '../fallbackSms/smsCodes.ts';
import { recoveryTicketLimiter } from '../recoveryTokens/recoveryTicketLimit.ts';

/**
 * Every counter the account service keeps in "RateLimit", by key prefix, with the limiter whose
 * policy counts it. Rule: every counter is swept once quiet, or the table grows with every
 * address and email ever seen (a test checks each key the service's code spells is listed).
 */
export function accountLimitPrefixes(ctx: AccountContext): RateLimitPrefixes {
  const sms = sendLimits(ctx);
  return {
    ...passwordLimitPrefixes(ctx.limits),
    'reset:ip:': ctx.limits.signInPerAddress,
    'signup:ip:': ctx.signUpLimit,
    'signup-taken:email:': takenEmailNoticeLimiter(ctx),
    'sudo:session:': ctx.sudoLimits.perSession,
    'sudo:user:': ctx.sudoLimits.perAccount,
    'sudo:ip:': ctx.sudoLimits.perAddress,
    'sms:resend:': sms.resend,
    'sms:day:': sms.daily,
    '2fa:ip:': ctx.twoFactorLimits.perAddress,
    // "2fa:user:" counts consecutive failures: its window never closes, so its failures stay.
    '2fa:user:': ctx.twoFactorLimits.perAccount,
    'passkey:ip:': ctx.twoFactorLimits.perAddress,
    'dar-ticket:ip:': recoveryTicketLimiter(ctx),
    // Left by the per-address limit on passkey sign-in challenges (15-minute windows, like the
    // 2FA step's), gone since those challenges are signed instead of stored.
    'passkey-challenge:ip:': ctx.twoFactorLimits.perAddress,
  };
}

/**
 * Every table of the account service whose rows expire (packages/db/prisma/account/models.prisma).
 * Not swept: users and what they own (tokens, keys, codes, the fallback number, known browsers),
 * recovery requests, the append-only security log, and the outbox (it is the development mailbox).
 */
export function accountSweptTables(ctx: AccountContext): SweptTable[] {
  return [
    rateLimitSweep('RateLimit', accountLimitPrefixes(ctx)),
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
