import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { JWK } from 'jose';

/**
 * The public JWK Set of the token-signing keys, each with its RFC 7638 thumbprint as `kid`.
 * Computed once per key set: the keys only change with the configuration.
 */
export function publicJwks(keys: KeyObject[]): () => Promise<{ keys: JWK[] }> {
  let computed: Promise<{ keys: JWK[] }> | undefined;
  return () => {
    computed ??= Promise.all(
      keys.map(async (key) => {
        const jwk = await exportJWK(key);
        return { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256'), use: 'sig', alg: 'ES256' };
      }),
    ).then((list) => ({ keys: list }));
    return computed;
  };
}
