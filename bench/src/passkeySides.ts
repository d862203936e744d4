import { seedPasskeyPeer } from './betterAuthPasskeyPeer.ts';
import { passkeyScenario } from './passkeyScenario.ts';
import { peerPasskeyScenario } from './peerPasskeyScenario.ts';
import type { OurSide, PeerSides } from './runPeer.ts';
import { seedPasskeys } from './seedPasskeys.ts';
import { createVirtualPasskeys } from './virtualPasskeys.ts';

export const passkeyPerRequest = {
  ours: 'options: a challenge signed by the service (its expiry and an HMAC), nothing read or written; sign-in: a reservation on the address\'s counter (on PostgreSQL its COMMIT does not wait for the disk: the outcome\'s flushes it) and, sent beside it, one read (the credential, whether its challenge is live, its owner and the known browser), then one transaction (challenge marked spent, signature counter moved only forward, limits settled, session, two security-log events, known browser); user verification required; on SQLite the transactions of concurrent sign-ins asked for in the same turn of the event loop share one COMMIT and its fsync (group commit)',
  theirs: '@better-auth/passkey 1.7.6 on Better Auth 1.7.25: generate-authenticate-options stores the challenge in its verification table (named by a signed cookie); verify-authentication consumes it, looks the passkey up, updates its counter, creates a session and reads the user; user verification not required by default, no security log',
};

/**
 * The passkey sign-in: the same virtual credentials registered on both sides (ours to the
 * 2FA users, who have 2FA on as a passkey requires; theirs to a user each), each sign-in the next
 * user with a fresh challenge. Credentials are reusable, so the counting pass uses them too.
 */
export function passkeySides(ours: OurSide, count: number): PeerSides {
  return {
    name: 'passkey',
    plugin: 'passkey',
    perRequest: passkeyPerRequest,
    prepare: async (spec, secret, peerOrigin) => {
      const { rpId } = ours.accountConfig.webAuthn;
      // One credential serves both sides only if both name the same relying party.
      if (new URL(peerOrigin).hostname !== rpId) throw new Error(`the peer's relying party ${new URL(peerOrigin).hostname} is not ours (${rpId})`);
      const passkeys = await createVirtualPasskeys(count, ours.accountConfig.publicOrigin, rpId);
      const owners = await seedPasskeys(ours.db, ours.users, passkeys, new Date());
      const theirOwners = await seedPasskeyPeer(spec, secret, peerOrigin, passkeys);
      return {
        ours: async (url, csrfToken) => passkeyScenario(ours.db, url, ours.accountConfig.publicOrigin, passkeys, owners, csrfToken),
        theirs: (url, sessions) => peerPasskeyScenario(url, peerOrigin, passkeys, theirOwners, sessions),
      };
    },
  };
}
