import type { AccountDb } from '@recovery/db';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { BenchUser } from './seedAccounts.ts';
import type { VirtualPasskey } from './virtualPasskeys.ts';

/**
 * Gives each user one of the virtual passkeys, stored as "Add a passkey" stores it
 * (registerCredential: the COSE key base64url, the counter, the transports as JSON, kind passkey,
 * discoverable, user verified). The users already have 2FA on, as a passkey requires. Returns
 * each credential's owner.
 */
export async function seedPasskeys(db: AccountDb, users: BenchUser[], passkeys: VirtualPasskey[], now: Date): Promise<Map<string, BenchUser>> {
  if (users.length < passkeys.length) throw new Error(`${passkeys.length} passkeys need as many users, not ${users.length}`);
  const owners = new Map(passkeys.map((key, i) => [key.id, users[i]!]));
  const rows = passkeys.map((key) => ({
    id: key.id,
    userId: owners.get(key.id)!.id,
    nickname: 'bench passkey',
    publicKey: isoBase64URL.fromBuffer(key.publicKey),
    counter: 0n,
    transports: JSON.stringify(key.transports),
    deviceType: key.deviceType,
    backedUp: key.backedUp,
    kind: 'passkey',
    discoverable: true,
    userVerified: true,
    createdAt: now,
  }));
  for (let at = 0; at < rows.length; at += 500) await db.securityKey.createMany({ data: rows.slice(at, at + 500) });
  return owners;
}
