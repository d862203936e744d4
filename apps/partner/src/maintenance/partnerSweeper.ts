import { sqlDriverOf } from '@recovery/db';
import { createSweeper, expiresAtSweep, passwordLimitPrefixes, rateLimitSweep, sessionSweep } from '@recovery/http';
import type { Sweeper, SweptTable } from '@recovery/http';
import type { PartnerContext } from '../context.ts';

/**
 * Every table of the partner whose rows expire (packages/db/prisma/partner/models.prisma),
 * oidc-provider's stored artifacts included (those without an expiry stay). Not swept: users and
 * their saved recovery tokens.
 */
export function partnerSweptTables(ctx: PartnerContext): SweptTable[] {
  return [
    rateLimitSweep('PartnerRateLimit', {
      ...passwordLimitPrefixes(ctx.limits),
      'countersign:user:': ctx.limits.countersignPerUser,
    }),
    sessionSweep('PartnerSession', ctx.config.session.idleMs),
    expiresAtSweep('OidcPayload', 'id'),
    expiresAtSweep('RecoveryTokenPick', 'grantId'),
    expiresAtSweep('DelegatedSaveRequest', 'idHash'),
  ];
}

/** The partner's sweeper, not yet started (main starts it, and stops it on shutdown). */
export function partnerSweeper(ctx: PartnerContext): Sweeper {
  return createSweeper({ sql: sqlDriverOf(ctx.db), tables: partnerSweptTables(ctx), now: ctx.now, logger: ctx.logger, ...ctx.config.sweep });
}
