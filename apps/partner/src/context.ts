import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { PartnerDb } from '@recovery/db';
import type { CsrfProtection, RateLimiter, SessionManager } from '@recovery/http';
import type { PartnerConfig } from './config.ts';
import type { PartnerSession, PartnerSessionExtra } from './sessions/partnerSessionStore.ts';
import type { IssuerConfigurationSource } from './tokens/issuerConfiguration.ts';

/** Everything a rule or route needs, built once by createApp. */
export interface PartnerContext {
  config: PartnerConfig;
  db: PartnerDb;
  logger: Logger;
  now: () => Date;
  sessions: SessionManager<PartnerSession, PartnerSessionExtra>;
  csrf: CsrfProtection;
  /** Keys the hash of a browser's device id (see auth/knownBrowser.ts). */
  deviceHashKey: Buffer;
  limits: {
    signInPerAccount: RateLimiter;
    signInPerAddress: RateLimiter;
    /** Countersigned tokens handed out per partner user. */
    countersignPerUser: RateLimiter;
  };
  /** The OpenID Provider (oidc-provider), its state in the partner database. */
  oidc: Provider;
  /** Token issuers' delegated-recovery configurations (fetched over HTTP by default). */
  issuerConfigurations: IssuerConfigurationSource;
}
