import type { AccountDb } from '@recovery/db';
import type { LoadScenario } from './loadScenario.ts';
import { jsonPost } from './requestHelpers.ts';
import type { BenchUser } from './seedAccounts.ts';

/**
 * Sign-in with a password (argon2id, 19 MiB, t=2) for accounts without 2FA, from browsers the
 * users have used before: each request is a real sign-in that starts a session. Success = a
 * user.login event for one of these users.
 */
export function signInScenario(db: AccountDb, url: string, users: BenchUser[], password: string, csrfToken: string): LoadScenario {
  let next = 0;
  const ids = users.map((u) => u.id);
  return {
    id: 'sign_in',
    label: 'sign-in (argon2id)',
    url,
    requests: [
      {
        setupRequest: (request) => {
          const user = users[next++ % users.length]!;
          return jsonPost(request, '/api/auth/sign-in', { login: user.username, password }, { device_id: user.deviceId }, csrfToken);
        },
      },
    ],
    successes: () => db.securityEvent.count({ where: { action: 'user.login', userId: { in: ids } } }),
    exhausted: () => false,
  };
}
