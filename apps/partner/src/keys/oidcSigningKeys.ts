import { createHash, generateKeyPairSync } from 'node:crypto';
import type { JWK, JWKS } from 'oidc-provider';
import { z } from 'zod';
import { ConfigError } from '../configError.ts';
import { developmentKeyFile } from './developmentKeyFile.ts';

/** The ID token signing algorithm; every OIDC signing key is an EC P-256 key. */
export const ID_TOKEN_SIGNING_ALG = 'ES256';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

const ecPrivateJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: b64url,
  y: b64url,
  d: b64url,
  kid: z.string().min(1).max(200).optional(),
  alg: z.literal(ID_TOKEN_SIGNING_ALG).optional(),
  use: z.literal('sig').optional(),
});

const jwksSchema = z.object({ keys: z.array(ecPrivateJwk).min(1).max(4) });

/** RFC 7638 thumbprint of an EC public key, used as its `kid`. */
function thumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * OIDC_JWKS: a JSON Web Key Set of EC P-256 private keys (ES256), newest first; the first
 * signs ID tokens, all are published at the JWKS endpoint. Keys without a `kid` get their
 * thumbprint.
 */
export function parseOidcJwks(value: string, source = 'OIDC_JWKS'): JWKS {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new ConfigError(`${source}: not valid JSON`);
  }
  const parsed = jwksSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`${source}: expected {"keys":[…]} with 1 to 4 EC P-256 private keys (kty "EC", crv "P-256", x, y, d)`);
  }
  const keys: JWK[] = parsed.data.keys.map((key) => ({ ...key, kid: key.kid ?? thumbprint(key), alg: ID_TOKEN_SIGNING_ALG, use: 'sig' }));
  return { keys };
}

/** Outside production: one key generated into DATA_DIR/partner-oidc-jwks.json and kept. */
export function developmentOidcJwks(dataDir: string): JWKS {
  return developmentKeyFile(
    dataDir,
    'partner-oidc-jwks.json',
    (text, filePath) => parseOidcJwks(text, filePath),
    () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const jwk = privateKey.export({ format: 'jwk' });
      return JSON.stringify({ keys: [jwk] }) + '\n';
    },
  );
}
