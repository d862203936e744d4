import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express, Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { DatabaseBreaker, isDatabaseUnavailable, poolStatsOf, sql, sqlDriverOf } from '@recovery/db';
import type { PartnerDb } from '@recovery/db';
import { ServiceMetrics, Shutdown, CsrfProtection, DatabaseHealth, databaseDeadline, SessionManager, createLogger, deriveKey, healthRoutes, hostCookieName, notFoundHandler, passwordLimits, rateLimitTable, refuseInsecureDraftEndpoints } from '@recovery/http';
import type { PartnerConfig } from './config.ts';
import type { PartnerContext } from './context.ts';
import { csrfCookieName, loadAuth } from './auth/requestAuth.ts';
import { authPageRoutes } from './http/authPageRoutes.ts';
import { pageErrorHandler } from './http/pageErrors.ts';
import { interactionRoutes } from './interaction/interactionRoutes.ts';
import { createOidcProvider } from './oidc/createOidcProvider.ts';
import { oidcRoutes } from './oidc/oidcRoutes.ts';
import { partnerSessionStore } from './sessions/partnerSessionStore.ts';
import { asyncApiRoutes } from './delegated/asyncApiRoutes.ts';
import { delegatedRoutes } from './delegated/delegatedRoutes.ts';
import { allowListedIssuers } from './tokens/allowListedIssuers.ts';
import { countersignLimit } from './tokens/countersignLimit.ts';
import { DELEGATED_RECOVERY_CONFIGURATION_PATH, IssuerConfigurationFetcher } from './tokens/issuerConfiguration.ts';
import type { IssuerConfigurationSource } from './tokens/issuerConfiguration.ts';
import { recoveryTokenPageRoutes } from './tokens/recoveryTokenPageRoutes.ts';
import { tokenApiRoutes } from './tokens/tokenApiRoutes.ts';
import { RECOVER_ACCOUNT_PATH, SAVE_TOKEN_ASYNC_API_PATH, SAVE_TOKEN_PATH } from './wellKnown/delegatedRecoveryConfiguration.ts';
import { wellKnownRoutes } from './wellKnown/wellKnownRoutes.ts';
import { partnerSweeper } from './maintenance/partnerSweeper.ts';
import type { Sweeper } from '@recovery/http';

export interface PartnerDependencies {
  db: PartnerDb;
  logger?: Logger;
  /** The clock, replaceable in tests of expiry rules. */
  now?: () => Date;
  /** Where token issuers' delegated-recovery configurations come from (default: fetched over HTTP). */
  issuerConfigurations?: IssuerConfigurationSource;
}

export interface PartnerApp {
  app: Express;
  ctx: PartnerContext;
  /** Readiness and the outage log; answers 503 for a database that is gone. */
  health: DatabaseHealth;
  /** Deletes expired rows; main starts it, and shutdown stops it (`await sweeper.stop()`). */
  sweeper: Sweeper;
  /** The service's close hooks and drain: whatever starts a timer registers its stop here. */
  shutdown: Shutdown;
  /** Prometheus metrics (`/metrics` behind METRICS_TOKEN, or METRICS_PORT). */
  metrics: ServiceMetrics;
}

const staticDir = fileURLToPath(new URL('./static/', import.meta.url));

export function createContext(config: PartnerConfig, deps: PartnerDependencies): PartnerContext {
  const now = deps.now ?? (() => new Date());
  const secureCookies = config.publicOrigin.startsWith('https://');
  const logger = deps.logger ?? createLogger('partner', config.logLevel);
  return {
    config,
    db: deps.db,
    logger,
    now,
    sessions: new SessionManager(partnerSessionStore(deps.db), {
      cookieName: hostCookieName('partner_sid', secureCookies),
      idleMs: config.session.idleMs,
      absoluteMs: config.session.absoluteMs,
      secureCookies,
      now,
    }),
    csrf: new CsrfProtection({
      key: deriveKey(config.secretKey, 'partner-csrf'),
      allowedOrigins: [config.publicOrigin],
      secureCookies,
      cookieName: hostCookieName(csrfCookieName, secureCookies),
      fieldName: '_csrf',
    }),
    deviceHashKey: deriveKey(config.secretKey, 'partner-device'),
    limits: { ...passwordLimits(rateLimitTable(deps.db, 'PartnerRateLimit'), now), countersignPerUser: countersignLimit(deps.db, now) },
    oidc: createOidcProvider(config, deps.db, logger),
    issuerConfigurations: allowListedIssuers(deps.issuerConfigurations ?? new IssuerConfigurationFetcher(), config.allowedTokenIssuers),
  };
}

/**
 * The partner (recovery provider) as an Express app. Layout, in order:
 * security headers → static assets, health and the OpenID Provider's own routes (no session)
 * → session loading → feature routers → 404 → errors (pages for browsers, JSON for machines).
 * Feature routers own their body parsing and CSRF checks, so the OIDC provider (which parses
 * its own bodies) and the bearer-token recovery-token API sit beside the pages.
 */
export function createApp(config: PartnerConfig, deps: PartnerDependencies): PartnerApp {
  const ctx = createContext(config, deps);
  // Once a health ping finds the database gone, every call fails at once until a ping finds it back.
  const breaker = new DatabaseBreaker();
  sqlDriverOf(ctx.db).observe(breaker);
  const health = new DatabaseHealth({ logger: ctx.logger, ping: () => sqlDriverOf(ctx.db).query(sql`SELECT 1`), timeoutMs: config.databaseTimeoutMs, isUnavailable: isDatabaseUnavailable, breaker });
  const metrics = new ServiceMetrics('partner', health, poolStatsOf(ctx.db));
  const secureCookies = config.publicOrigin.startsWith('https://');

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
        // No scripts, no inline styles, nothing from elsewhere. Some browsers apply form-action
        // to the redirects that follow a form POST (interaction → resume → client), so the
        // client's redirect origins are allowed there.
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'", ...new Set(config.accountClient.redirectUris.map((uri) => new URL(uri).origin))],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          upgradeInsecureRequests: secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: secureCookies,
      frameguard: { action: 'deny' },
      // helmet's default no-referrer makes Chromium send "Origin: null" on our own form posts,
      // which the CSRF origin rule must refuse; same-origin keeps referrers off other sites.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.use(refuseInsecureDraftEndpoints(config.publicOrigin, [DELEGATED_RECOVERY_CONFIGURATION_PATH, SAVE_TOKEN_PATH, RECOVER_ACCOUNT_PATH, SAVE_TOKEN_ASYNC_API_PATH]));
  app.use('/static', express.static(staticDir, { index: false, maxAge: '1h', fallthrough: true, redirect: false }));
  app.use(healthRoutes('partner', health, shutdown));
  app.use(metrics.routes(config.metricsToken));

  app.use(oidcRoutes(ctx.oidc, config.publicOrigin));

  app.use(loadAuth(ctx));
  for (const router of featureRouters(ctx)) app.use(router);
  app.use(notFoundHandler);
  app.use(pageErrorHandler(ctx, ctx.logger, health));
  shutdown.onClose(() => health.close());
  return { app, ctx, health, shutdown, metrics, sweeper: partnerSweeper(ctx) };
}

/** The partner's features. */
function featureRouters(ctx: PartnerContext): Router[] {
  return [wellKnownRoutes(ctx), delegatedRoutes(ctx), asyncApiRoutes(ctx), authPageRoutes(ctx), interactionRoutes(ctx), recoveryTokenPageRoutes(ctx), tokenApiRoutes(ctx)];
}
