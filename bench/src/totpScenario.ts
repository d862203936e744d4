import type { AccountDb } from '@recovery/db';
import { createPendingSignIns } from './createPendingSignIns.ts';
import type { LoadScenario, RunControl } from './loadScenario.ts';
import { idleRequest, jsonPost } from './requestHelpers.ts';
import type { TotpUser } from './seedAccounts.ts';
import { TotpRotation } from './TotpRotation.ts';

/**
 * The two-factor prompt with an authenticator code: POST /api/auth/two-factor carrying a
 * pending sign-in cookie and a currently valid code, each request a different pending sign-in.
 * Success = the service recorded user.two_factor_challenge_success for method totp.
 */
export async function totpScenario(db: AccountDb, url: string, users: TotpUser[], pendingsPerUser: number, csrfToken: string, control: RunControl): Promise<LoadScenario> {
  const owners = users.flatMap((u) => Array.from({ length: pendingsPerUser }, () => u.id));
  const ids = await createPendingSignIns(db, owners);
  const pendings = new Map<string, string[]>();
  owners.forEach((owner, i) => {
    const list = pendings.get(owner) ?? [];
    list.push(ids[i]!);
    pendings.set(owner, list);
  });
  // Steps an earlier run spent are refused again: start each user after them.
  const spent = await db.twoFactor.findMany({ where: { lastUsedStep: { not: null } }, select: { userId: true, lastUsedStep: true } });
  const rotation = new TotpRotation(users, pendings, new Map(spent.map((row) => [row.userId, row.lastUsedStep!])));
  let ranOut = false;
  return {
    id: 'totp',
    label: '2FA prompt, authenticator code',
    url,
    requests: [
      {
        setupRequest: (request) => {
          const attempt = rotation.next(Date.now());
          if (!attempt) {
            ranOut = true;
            control.stop();
            return idleRequest(request);
          }
          const cookies = { pending_signin: attempt.pendingId, device_id: attempt.user.deviceId };
          return jsonPost(request, '/api/auth/two-factor', { method: 'totp', code: attempt.code }, cookies, csrfToken);
        },
      },
    ],
    successes: () => db.securityEvent.count({ where: { action: 'user.two_factor_challenge_success', data: { contains: '"totp"' } } }),
    exhausted: () => ranOut,
  };
}
