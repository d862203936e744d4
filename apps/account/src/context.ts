import type { Logger } from 'pino';
import type { AccountDb, SqlDriver } from '@recovery/db';
import type { CsrfProtection, RateLimiter, ServiceMetrics, SessionManager } from '@recovery/http';
import type { AccountConfig } from './config.ts';
import type { SudoLimits } from './auth/sudoLimits.ts';
import type { Sender } from './messages/sender.ts';
import type { AccountSession, AccountSessionExtra } from './sessions/accountSessionStore.ts';

/** Everything a rule or route needs, built once by createApp. */
export interface AccountContext {
  config: AccountConfig;
  db: AccountDb;
  /** Prepared SQL on the same connection as `db`, for the sign-in paths' hot tables. */
  sql: SqlDriver;
  sender: Sender;
  metrics: ServiceMetrics;
  logger: Logger;
  now: () => Date;
  keys: {
    csrf: Buffer;
    deviceHash: Buffer;
    totp: Buffer;
    recoveryCodeHash: Buffer;
    recoveryCodeEnc: Buffer;
    phone: Buffer;
    phoneHash: Buffer;
    smsCode: Buffer;
    oauthFlow: Buffer;
    recoveryCancel: Buffer;
    /** Signs passkey sign-in challenges, which are handed to anyone and so are not stored. */
    passkeyChallenge: Buffer;
  };
  sessions: SessionManager<AccountSession, AccountSessionExtra>;
  csrf: CsrfProtection;
  limits: {
    signInPerAccount: RateLimiter;
    signInPerAddress: RateLimiter;
  };
  sudoLimits: SudoLimits;
  signUpLimit: RateLimiter;
  twoFactorLimits: {
    perAccount: RateLimiter;
    perAddress: RateLimiter;
  };
}
