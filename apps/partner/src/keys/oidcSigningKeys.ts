import { generateKeyPairSync } from 'node:crypto';
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

/**
 * OIDC_JWKS: a JSON Web Key Set of EC P-256 private keys (ES256), newest first; the first
 * signs ID tokens, all are published at the JWKS endpoint. A key without a `kid` gets its RFC 7638
 * thumbprint from oidc-provider (jose's algorithm) when the provider loads it.
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
  const keys: JWK[] = parsed.data.keys.map((key) => ({ ...key, alg: ID_TOKEN_SIGNING_ALG, use: 'sig' }));
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
