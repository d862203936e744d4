import type { AccountDb } from '@recovery/db';
import type { LoadScenario } from './loadScenario.ts';
import { passkeySignIns } from './passkeySignIns.ts';
import { jsonPost } from './requestHelpers.ts';
import type { BenchUser } from './seedAccounts.ts';
import { userHandleOf } from './virtualPasskeys.ts';
import type { VirtualPasskey } from './virtualPasskeys.ts';

/**
 * "Sign in with a passkey": POST /api/auth/passkey-options for a challenge, then POST
 * /api/auth/passkey with the assertion, from the user's own address and known browser. One
 * success = one sign-in = two calls. Success = the service recorded passkey.sign_in.
 */
export function passkeyScenario(db: AccountDb, url: string, origin: string, passkeys: VirtualPasskey[], owners: Map<string, BenchUser>, csrfToken: string): LoadScenario {
  const ownerOf = (passkey: VirtualPasskey): BenchUser => owners.get(passkey.id)!;
  const from = (request: Parameters<typeof jsonPost>[0], passkey: VirtualPasskey) => {
    request.headers = { ...request.headers, 'x-forwarded-for': passkey.address };
    return request;
  };
  return {
    id: 'passkey',
    label: 'passkey sign-in (options, then assertion)',
    url,
    callsPerSuccess: 2,
    requests: passkeySignIns(
      {
        origin,
        userHandle: (passkey) => userHandleOf(ownerOf(passkey).id),
        askChallenge: (request, passkey) => from(jsonPost(request, '/api/auth/passkey-options', {}, { device_id: ownerOf(passkey).deviceId }, csrfToken), passkey),
        challengeFrom: (body) => {
          const challenge = (JSON.parse(body) as { options?: { challenge?: unknown } }).options?.challenge;
          return typeof challenge === 'string' ? { challenge } : null;
        },
        answer: (request, passkey, assertion) => from(jsonPost(request, '/api/auth/passkey', { response: assertion }, { device_id: ownerOf(passkey).deviceId }, csrfToken), passkey),
      },
      passkeys,
    ),
    successes: () => db.securityEvent.count({ where: { action: 'passkey.sign_in' } }),
    exhausted: () => false,
  };
}
