import type { Logger } from 'pino';
import type { PartnerDb } from '@recovery/db';
import type { CsrfProtection, RateLimiter, SessionManager } from '@recovery/http';
import type { PartnerConfig } from './config.ts';
import type { PartnerSession, PartnerSessionExtra } from './sessions/partnerSessionStore.ts';

/**
 * Everything a rule or route needs, built once by createApp. The OIDC provider and the
 * recovery-token store will add their own members here when they arrive.
 */
export interface PartnerContext {
  config: PartnerConfig;
  db: PartnerDb;
  logger: Logger;
  now: () => Date;
  sessions: SessionManager<PartnerSession, PartnerSessionExtra>;
  csrf: CsrfProtection;
  limits: {
    signInPerAccount: RateLimiter;
    signInPerAddress: RateLimiter;
  };
}
