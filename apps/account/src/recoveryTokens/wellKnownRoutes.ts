import { createHash, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Router } from 'express';
import { publicKeyToBase64Spki } from '@recovery/core/token/index';
import { solidPng } from '@recovery/http';
import type { AccountContext } from '../context.ts';

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

function jwkOf(key: KeyObject): Record<string, string> {
  const { kty, crv, x, y } = key.export({ format: 'jwk' }) as Record<string, string>;
  // RFC 7638 thumbprint as the key id: members in lexicographic order.
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  return { kty: kty!, crv: crv!, x: x!, y: y!, kid, use: 'sig', alg: 'ES256' };
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
      'save-token-return': `${origin}/api/recovery-tokens/callback`,
      'recover-account-return': `${origin}/api/recovery-tokens/callback`,
      'privacy-policy': `${origin}/privacy`,
      'icon-152px': `${origin}/icon-152.png`,
    });
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=60').json({ keys: publishedTokenKeys(ctx).map(jwkOf) });
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
