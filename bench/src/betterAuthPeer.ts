import { createHmac, randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { twoFactor } from 'better-auth/plugins';
import { passkey } from '@better-auth/passkey';
import { symmetricEncrypt } from 'better-auth/crypto';
import { getMigrations } from 'better-auth/db/migration';
import { openPeerDatabase } from './peerDatabase.ts';
import type { PeerDatabase, PeerDatabaseSpec } from './peerDatabase.ts';

/** Which comparison the peer serves: the 2FA sign-in (twoFactor) or the passkey sign-in (@better-auth/passkey). */
export type PeerPlugin = 'twoFactor' | 'passkey';

/**
 * Better Auth 1.7.25 with its twoFactor plugin, as the peer in the 2FA sign-in comparison, or
 * with its passkey plugin (@better-auth/passkey 1.7.6; relying party id: the base URL's host) in
 * the passkey one, on the database it is given (openPeerDatabase: the same SQLite build and
 * pragmas as our service, or a PostgreSQL pool), its own rate limit off (ours never triggers in
 * the benchmark either).
 */
export function createPeerAuth(database: PeerDatabase, secret: string, baseURL: string, plugin: PeerPlugin = 'twoFactor') {
  return betterAuth({
    database: database.handle,
    secret,
    baseURL,
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    plugins: plugin === 'passkey' ? [passkey()] : [twoFactor()],
    logger: { disabled: true },
    telemetry: { enabled: false },
  });
}

/** The cookie Better Auth's sign-in hook sets: the challenge id, HMAC-SHA256-signed (better-call's format). */
function signedCookie(value: string, secret: string): string {
  return encodeURIComponent(`${value}.${createHmac('sha256', secret).update(value).digest('base64')}`);
}

/** The raw TOTP key all peer users share (Better Auth accepts any user's code twice anyway). */
export const peerTotpKey = randomBytes(16).toString('hex');

/** The code an authenticator shows for the peer's key now (Better Auth uses the key's UTF-8 bytes). */
export function peerTotpCode(nowMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(nowMs / 30_000)));
  const mac = createHmac('sha1', Buffer.from(peerTotpKey, 'utf8')).update(counter).digest();
  const offset = mac[mac.length - 1]! & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * Migrates the peer's schema, then writes users with TOTP on and `pendings` pending challenges
 * directly in its tables, as its sign-in hook writes them (a `2fa-<id>` row naming the user, a
 * `2fa-attempts-<id>` row at "0", ten minutes, and the signed `better-auth.two_factor` cookie).
 * Returns the cookies, one per request the run may send.
 */
export async function seedPeer(spec: PeerDatabaseSpec, secret: string, baseURL: string, users: number, pendings: number): Promise<string[]> {
  const database = openPeerDatabase(spec, { synchronous: 'OFF' });
  const auth = createPeerAuth(database, secret, baseURL);
  try {
    await (await getMigrations(auth.options)).runMigrations();
    const ctx = await auth.$context;
    const ids: string[] = [];
    for (let i = 0; i < users; i++) {
      const user = await ctx.internalAdapter.createUser({ email: `peer${i}@example.com`, name: `peer${i}`, emailVerified: true, twoFactorEnabled: true }, { method: 'admin' });
      await ctx.adapter.create({
        model: 'twoFactor',
        data: { userId: user.id, secret: await symmetricEncrypt({ key: ctx.secretConfig, data: peerTotpKey }), backupCodes: await symmetricEncrypt({ key: ctx.secretConfig, data: '[]' }), verified: true },
      });
      ids.push(user.id);
    }
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    const cookies: string[] = [];
    for (let i = 0; i < pendings; i++) {
      const identifier = `2fa-${randomBytes(15).toString('base64url')}`;
      await ctx.internalAdapter.createVerificationValue({ value: ids[i % ids.length]!, identifier, expiresAt });
      await ctx.internalAdapter.createVerificationValue({ value: '0', identifier: `2fa-attempts-${identifier}`, expiresAt });
      cookies.push(signedCookie(identifier, secret));
    }
    return cookies;
  } finally {
    await database.close();
  }
}
