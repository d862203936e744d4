import type { LoadScenario } from './loadScenario.ts';
import { passkeySignIns } from './passkeySignIns.ts';
import { userHandleOf } from './virtualPasskeys.ts';
import type { VirtualPasskey } from './virtualPasskeys.ts';

/** The signed challenge cookie of Better Auth's passkey plugin, from the options response's Set-Cookie. */
function challengeCookie(headers: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    for (const line of [value].flat()) {
      const pair = String(line).split(';')[0]!;
      if (pair.split('=')[0]!.endsWith('better-auth-passkey')) return pair;
    }
  }
  return undefined;
}

/**
 * Better Auth's passkey sign-in: GET /passkey/generate-authenticate-options (a challenge kept in
 * its verification table, named by a signed cookie), then POST /passkey/verify-authentication
 * with the assertion and that cookie. Success = a session it created. `origin` is the peer's
 * configured base URL (the origin the assertion and its origin check name).
 */
export function peerPasskeyScenario(url: string, origin: string, passkeys: VirtualPasskey[], owners: Map<string, string>, sessions: () => Promise<number>): LoadScenario {
  return {
    id: 'peer_passkey',
    label: 'Better Auth 1.7.25 + @better-auth/passkey 1.7.6, passkey sign-in',
    url,
    callsPerSuccess: 2,
    requests: passkeySignIns(
      {
        origin,
        userHandle: (passkey) => userHandleOf(owners.get(passkey.id)!),
        askChallenge: (request, passkey) => {
          request.method = 'GET';
          request.path = '/api/auth/passkey/generate-authenticate-options';
          request.headers = { ...request.headers, 'x-forwarded-for': passkey.address };
          request.body = undefined;
          return request;
        },
        challengeFrom: (body, headers) => {
          const challenge = (JSON.parse(body) as { challenge?: unknown }).challenge;
          const cookie = challengeCookie(headers);
          return typeof challenge === 'string' && cookie ? { challenge, cookie } : null;
        },
        answer: (request, passkey, assertion, cookie) => {
          request.method = 'POST';
          request.path = '/api/auth/passkey/verify-authentication';
          request.headers = { ...request.headers, 'content-type': 'application/json', origin, cookie: cookie ?? '', 'x-forwarded-for': passkey.address };
          request.body = JSON.stringify({ response: assertion });
          return request;
        },
      },
      passkeys,
    ),
    successes: sessions,
    exhausted: () => false,
  };
}
