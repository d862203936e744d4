import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Router } from 'express';
import { publicKeyToBase64Spki } from '@recovery/core/token/index';
import { solidPng } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { publicJwks } from './publicJwks.ts';
import { RECOVER_ACCOUNT_RETURN_PATH, SAVE_TOKEN_RETURN_PATH } from './delegatedPaths.ts';
import { callbackPath } from './oauthFlows.ts';

const publishedKeys = new WeakMap<object, KeyObject[]>();

/**
 * At most two keys are published: the signing key and, during rotation, its predecessor.
 * Derived once per configuration (at start, by wellKnownRoutes), not per verification.
 */
export function publishedTokenKeys(ctx: Pick<AccountContext, 'config'>): KeyObject[] {
  let keys = publishedKeys.get(ctx.config);
  if (!keys) {
    keys = ctx.config.tokenSigningKeys.slice(0, 2).map((key) => createPublicKey(key));
    publishedKeys.set(ctx.config, keys);
  }
  return keys;
}

/** The delegated-recovery configuration, a JWKS of the same keys, the privacy page and the icon. */
export function wellKnownRoutes(ctx: AccountContext): Router {
  const router = Router();
  const origin = ctx.config.publicOrigin;
  const icon = solidPng(152, [24, 80, 160]);
  publishedTokenKeys(ctx);

  router.get('/.well-known/delegated-account-recovery/configuration', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json({
      issuer: origin,
      'tokensign-pubkeys-secp256r1': publishedTokenKeys(ctx).map((key) => publicKeyToBase64Spki(key)),
      // The draft's browser endpoints (section 3), which speak its form protocol.
      'save-token-return': `${origin}${SAVE_TOKEN_RETURN_PATH}`,
      'recover-account-return': `${origin}${RECOVER_ACCOUNT_RETURN_PATH}`,
      'privacy-policy': `${origin}/privacy`,
      'icon-152px': `${origin}/icon-152.png`,
      // Ours, not the draft's: where our OAuth transport returns (authorization code callback).
      'oauth-redirect-uri': `${origin}${callbackPath}`,
      // A field of our own (not the draft's): the name partners show people for this site.
      'display-name': ctx.config.appName,
    });
  });

  const jwks = publicJwks(publishedTokenKeys(ctx));
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json(await jwks());
  });

  router.get('/icon-152.png', (_req, res) => {
    res.type('png').set('Cache-Control', 'public, max-age=86400').send(icon);
  });

  router.get('/privacy', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Privacy</title></head><body><main><h1>Privacy</h1><p>Recovery tokens we give a recovery partner carry only an encrypted reference to your account, never your username or email. We learn only a pairwise identifier of your partner account. You can delete a stored token at any time from your security settings.</p></main></body></html>',
      );
  });

  return router;
}
