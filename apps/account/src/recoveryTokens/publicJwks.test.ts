import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { publicJwks } from './publicJwks.ts';

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

describe('publicJwks', () => {
  it('publishes each public key under its thumbprint, so a JWS from either key verifies and a stranger does not', async () => {
    const current = keyPair();
    const previous = keyPair();
    const set = await publicJwks([current.publicKey, previous.publicKey])();
    expect(set.keys).toHaveLength(2);
    for (const key of set.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', alg: 'ES256' });
      expect(key).not.toHaveProperty('d');
    }
    expect(set.keys[0]!.kid).not.toBe(set.keys[1]!.kid);
    const jwks = createLocalJWKSet(set);
    for (const [i, pair] of [current, previous].entries()) {
      const jwt = await new SignJWT({ n: i }).setProtectedHeader({ alg: 'ES256', kid: set.keys[i]!.kid! }).sign(pair.privateKey);
      expect((await jwtVerify(jwt, jwks)).payload.n).toBe(i);
    }
    const stranger = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: set.keys[0]!.kid! }).sign(keyPair().privateKey);
    await expect(jwtVerify(stranger, jwks)).rejects.toThrow();
  });

  it('computes the set once', async () => {
    const get = publicJwks([keyPair().publicKey]);
    expect(await get()).toBe(await get());
  });
});
