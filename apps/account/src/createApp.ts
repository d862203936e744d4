import express from 'express';
import type { Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { accountOperations, openApiDocument } from '@recovery/core/api/index';
import { DatabaseBreaker, isDatabaseUnavailable, poolStatsOf, sql, sqlDriverOf } from '@recovery/db';
import type { AccountDb } from '@recovery/db';
import { ServiceMetrics, Shutdown, CsrfProtection, DatabaseHealth, databaseDeadline, SessionManager, createLogger, deriveKey, errorHandler, healthRoutes, hostCookieName, jsonBody, notFoundHandler, passwordLimits, rateLimitTable, refuseInsecureDraftEndpoints } from '@recovery/http';
import type { AccountConfig } from './config.ts';
import type { AccountContext } from './context.ts';
import { csrfBinding, loadAuth } from './auth/requestAuth.ts';
import { outboxRoutes } from './dev/outboxRoutes.ts';
import { authRoutes } from './http/authRoutes.ts';
import { passwordRoutes } from './http/passwordRoutes.ts';
import { securityLogRoutes } from './http/securityLogRoutes.ts';
import { twoFactorRoutes } from './http/twoFactorRoutes.ts';
import { authenticatorRoutes } from './http/authenticatorRoutes.ts';
import { securityKeyRoutes } from './http/securityKeyRoutes.ts';
import { passkeyRoutes } from './http/passkeyRoutes.ts';
import { fallbackSmsRoutes } from './http/fallbackSmsRoutes.ts';
import { delegatedEntryRoutes, delegatedRecoveryRoutes } from './http/delegatedRecoveryRoutes.ts';
import { recoveryCancelRoutes } from './http/recoveryCancelRoutes.ts';
import { recoveryTokenRoutes } from './http/recoveryTokenRoutes.ts';
import { deviceRecoveryRoutes } from './http/deviceRecoveryRoutes.ts';
import { twoFactorCheckupRoutes } from './http/twoFactorCheckupRoutes.ts';
import { supportRoutes } from './http/supportRoutes.ts';
import { RECOVER_ACCOUNT_RETURN_PATH, SAVE_TOKEN_RETURN_PATH } from './recoveryTokens/delegatedPaths.ts';
import { wellKnownRoutes } from './recoveryTokens/wellKnownRoutes.ts';
import { partnerConfigurationFetcher } from './recoveryTokens/partnerConfiguration.ts';
import { partnerOAuthConfiguration } from './recoveryTokens/partnerOAuth.ts';
import type { RecoveryDependencies } from './recoveryTokens/recoveryDependencies.ts';
import { twoFactorLimits } from './twoFactor/twoFactorLimits.ts';
import { sudoLimits } from './auth/sudoLimits.ts';
import { signUpLimit } from './auth/signUpLimit.ts';
import { webApp } from './http/webApp.ts';
import { brandedSender } from './messages/brandedSender.ts';
import { countingSender } from './messages/countingSender.ts';
import { createSender } from './messages/createSender.ts';
import type { Sender } from './messages/sender.ts';
import { accountSessionStore } from './sessions/accountSessionStore.ts';
import { accountSweeper } from './maintenance/accountSweeper.ts';
import type { Sweeper } from '@recovery/http';

export interface AccountDependencies {
  db: AccountDb;
  sender?: Sender;
  logger?: Logger;
  /** The clock, replaceable in tests of expiry rules. */
  now?: () => Date;
  /** How the partner is reached (discovery, its delegated-recovery configuration). */
  recovery?: Partial<RecoveryDependencies>;
}

export interface AccountApp {
  app: Express;
  ctx: AccountContext;
  /** Readiness and the outage log; answers 503 for a database that is gone. */
  health: DatabaseHealth;
  /** Deletes expired rows; main starts it, and shutdown stops it (`await sweeper.stop()`). */
  sweeper: Sweeper;
  /** The service's close hooks and drain: whatever starts a timer registers its stop here. */
  shutdown: Shutdown;
  /** Prometheus metrics (`/metrics` behind METRICS_TOKEN, or METRICS_PORT). */
  metrics: ServiceMetrics;
}

export function createApp(config: AccountConfig, deps: AccountDependencies): AccountApp {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? createLogger('account', config.logLevel);
  const secureCookies = config.publicOrigin.startsWith('https://');
  // Once a health ping finds the database gone, every call fails at once until a ping finds it back.
  const breaker = new DatabaseBreaker();
  sqlDriverOf(deps.db).observe(breaker);
  const health = new DatabaseHealth({ logger, ping: () => sqlDriverOf(deps.db).query(sql`SELECT 1`), timeoutMs: config.databaseTimeoutMs, isUnavailable: isDatabaseUnavailable, breaker });
  const metrics = new ServiceMetrics('account', health, poolStatsOf(deps.db));
  const ctx: AccountContext = {
    config,
    db: deps.db,
    sql: sqlDriverOf(deps.db),
    sender: brandedSender(config.appName, config.publicOrigin, countingSender(deps.sender ?? createSender(config, deps.db), metrics)),
    metrics,
    logger,
    now,
    keys: {
      csrf: deriveKey(config.secretKey, 'csrf'),
      deviceHash: deriveKey(config.secretKey, 'device-hash'),
      totp: deriveKey(config.secretKey, 'totp-seed-encryption'),
      recoveryCodeHash: deriveKey(config.secretKey, 'recovery-code-hash'),
      recoveryCodeEnc: deriveKey(config.secretKey, 'recovery-code-encryption'),
      phone: deriveKey(config.secretKey, 'phone-encryption'),
      phoneHash: deriveKey(config.secretKey, 'phone-hash'),
      smsCode: deriveKey(config.secretKey, 'sms-code-hash'),
      oauthFlow: deriveKey(config.secretKey, 'oauth-flow-encryption'),
      recoveryCancel: deriveKey(config.secretKey, 'recovery-cancel-link'),
      passkeyChallenge: deriveKey(config.secretKey, 'passkey-sign-in-challenge'),
    },
    sessions: new SessionManager(accountSessionStore(deps.db), {
      cookieName: hostCookieName('sid', secureCookies),
      idleMs: config.session.idleMs,
      absoluteMs: config.session.absoluteMs,
      secureCookies,
      now,
    }),
    csrf: new CsrfProtection({ key: deriveKey(config.secretKey, 'csrf'), allowedOrigins: [config.publicOrigin], secureCookies, cookieName: hostCookieName('csrf_token', secureCookies) }),
    limits: passwordLimits(rateLimitTable(deps.db, 'RateLimit'), now),
    twoFactorLimits: twoFactorLimits(deps.db, now),
    sudoLimits: sudoLimits(rateLimitTable(deps.db, 'RateLimit'), now),
    signUpLimit: signUpLimit(rateLimitTable(deps.db, 'RateLimit'), config.signUpsPerAddressPerHour, now),
  };

  const app = express();
  const shutdown = new Shutdown();
  app.use(shutdown.middleware());
  app.use(metrics.middleware());
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(databaseDeadline(config.databaseTimeoutMs));
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The partner's icon (from its configuration document) sits beside "Connect with …".
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', ...(config.partner ? [new URL(config.partner.url).origin] : [])], styleSrc: ["'self'"], scriptSrc: ["'self'"], formAction: ["'self'"] },
      },
      strictTransportSecurity: secureCookies,
    }),
  );

  const recovery: RecoveryDependencies = {
    oauth: deps.recovery?.oauth ?? partnerOAuthConfiguration(config),
    fetchPartner: deps.recovery?.fetchPartner ?? partnerConfigurationFetcher(),
  };
  app.use(refuseInsecureDraftEndpoints(config.publicOrigin, ['/.well-known/delegated-account-recovery/configuration', SAVE_TOKEN_RETURN_PATH, RECOVER_ACCOUNT_RETURN_PATH]));
  app.use(wellKnownRoutes(ctx));
  app.use(delegatedEntryRoutes(ctx));
  app.use(recoveryCancelRoutes(ctx));

  app.use(healthRoutes('account', health, shutdown));
  app.use(metrics.routes(config.metricsToken));
  const openapi = openApiDocument({ title: 'Account service API', version: '1.0.0' }, Object.values(accountOperations));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(jsonBody());
  // Rule: a response that carries a secret (setup key, recovery codes, CSRF token, phone number)
  // is never cached; every API answer is personal, so none is.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(loadAuth(ctx));
  app.use('/api', ctx.csrf.middleware(csrfBinding));
  app.use(authRoutes(ctx));
  app.use(passwordRoutes(ctx));
  app.use(securityLogRoutes(ctx));
  app.use(twoFactorRoutes(ctx));
  app.use(authenticatorRoutes(ctx));
  app.use(securityKeyRoutes(ctx));
  app.use(passkeyRoutes(ctx));
  app.use(fallbackSmsRoutes(ctx));
  app.use(recoveryTokenRoutes(ctx, recovery));
  app.use(delegatedRecoveryRoutes(ctx, recovery));
  app.use(supportRoutes(ctx, recovery));
  app.use(deviceRecoveryRoutes(ctx));
  app.use(twoFactorCheckupRoutes(ctx));
  if (config.env !== 'production') app.use(outboxRoutes(ctx));
  app.use('/api', notFoundHandler);
  app.use(webApp(config.webDist));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, health));
  shutdown.onClose(() => health.close());
  return { app, ctx, health, shutdown, metrics, sweeper: accountSweeper(ctx) };
}
