import { getMigrations } from 'better-auth/db/migration';
import { createPeerAuth } from './betterAuthPeer.ts';
import { openPeerDatabase } from './peerDatabase.ts';
import type { PeerDatabaseSpec } from './peerDatabase.ts';
import type { VirtualPasskey } from './virtualPasskeys.ts';

/**
 * Migrates the passkey peer's schema, then writes a user per virtual passkey and the passkey row
 * its verify-registration would store (credentialID base64url, the COSE public key in standard
 * base64, counter 0, transports comma-separated, the AAGUID). Returns each credential's user id.
 */
export async function seedPasskeyPeer(spec: PeerDatabaseSpec, secret: string, baseURL: string, passkeys: VirtualPasskey[]): Promise<Map<string, string>> {
  const database = openPeerDatabase(spec, { synchronous: 'OFF' });
  const auth = createPeerAuth(database, secret, baseURL, 'passkey');
  try {
    await (await getMigrations(auth.options)).runMigrations();
    const ctx = await auth.$context;
    const owners = new Map<string, string>();
    for (const [i, key] of passkeys.entries()) {
      const user = await ctx.internalAdapter.createUser({ email: `passkey${i}@example.com`, name: `passkey${i}`, emailVerified: true }, { method: 'admin' });
      await ctx.adapter.create({
        model: 'passkey',
        data: { name: 'bench passkey', userId: user.id, credentialID: key.id, publicKey: Buffer.from(key.publicKey).toString('base64'), counter: 0, deviceType: key.deviceType, backedUp: key.backedUp, transports: key.transports.join(','), createdAt: new Date(), aaguid: key.aaguid },
      });
      owners.set(key.id, user.id);
    }
    return owners;
  } finally {
    await database.close();
  }
}
