import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Express, Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppError } from '@recovery/core/errors';
import type { PartnerDb } from '@recovery/db';
import { CsrfProtection, SessionManager, createLogger, deriveKey, notFoundHandler } from '@recovery/http';
import type { PartnerConfig } from './config.ts';
import type { PartnerContext } from './context.ts';
import { signInLimits } from './auth/limits.ts';
import { csrfCookieName, loadAuth } from './auth/requestAuth.ts';
import { authPageRoutes } from './http/authPageRoutes.ts';
import { pageErrorHandler } from './http/pageErrors.ts';
import { partnerSessionStore } from './sessions/partnerSessionStore.ts';

export interface PartnerDependencies {
  db: PartnerDb;
  logger?: Logger;
  /** The clock, replaceable in tests of expiry rules. */
  now?: () => Date;
}

export interface PartnerApp {
  app: Express;
  ctx: PartnerContext;
}

const staticDir = fileURLToPath(new URL('./static/', import.meta.url));

export function createContext(config: PartnerConfig, deps: PartnerDependencies): PartnerContext {
  const now = deps.now ?? (() => new Date());
  const secureCookies = config.publicOrigin.startsWith('https://');
  return {
    config,
    db: deps.db,
    logger: deps.logger ?? createLogger('partner', config.logLevel),
    now,
    sessions: new SessionManager(partnerSessionStore(deps.db), {
      cookieName: 'partner_sid',
      idleMs: config.session.idleMs,
      absoluteMs: config.session.absoluteMs,
      secureCookies,
      now,
    }),
    csrf: new CsrfProtection({
      key: deriveKey(config.secretKey, 'partner-csrf'),
      allowedOrigins: [config.publicOrigin],
      secureCookies,
      cookieName: csrfCookieName,
      fieldName: '_csrf',
    }),
    limits: signInLimits(deps.db, now),
  };
}

/**
 * The partner (recovery provider) as an Express app. Layout, in order:
 * security headers → static assets and health (no session) → session loading → feature routers
 * → 404 → errors (pages for browsers, JSON for machines).
 * Feature routers own their body parsing and CSRF checks, so the OIDC provider (which parses
 * its own bodies) and the bearer-token recovery-token API can be mounted beside the pages.
 */
export function createApp(config: PartnerConfig, deps: PartnerDependencies): PartnerApp {
  const ctx = createContext(config, deps);
  const secureCookies = config.publicOrigin.startsWith('https://');

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // No scripts, no inline styles, nothing from elsewhere. When the OIDC flow arrives, note
        // that some browsers apply form-action to the redirect after a form POST, so the
        // clients' redirect origins must be added there.
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          upgradeInsecureRequests: secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: secureCookies,
      frameguard: { action: 'deny' },
    }),
  );

  app.use('/static', express.static(staticDir, { index: false, maxAge: '1h', fallthrough: true, redirect: false }));
  app.get('/healthz', async (_req, res) => {
    try {
      await ctx.db.$queryRawUnsafe('SELECT 1');
    } catch (cause) {
      throw new AppError('unavailable', 'The database is not reachable', { cause });
    }
    res.set('Cache-Control', 'no-store').json({ status: 'ok', service: 'partner' });
  });

  app.use(loadAuth(ctx));
  for (const router of featureRouters(ctx)) app.use(router);
  app.use(notFoundHandler);
  app.use(pageErrorHandler(ctx, ctx.logger));
  return { app, ctx };
}

/** The partner's features; the OIDC provider and the recovery-token store join this list. */
function featureRouters(ctx: PartnerContext): Router[] {
  return [authPageRoutes(ctx)];
}
