import type { AccountDb } from '@recovery/db';
import { createPendingSignIns } from './createPendingSignIns.ts';
import type { LoadScenario, RunControl } from './loadScenario.ts';
import { idleRequest, jsonPost } from './requestHelpers.ts';
import type { RecoveryCodeUser } from './seedAccounts.ts';

/**
 * The two-factor prompt with a recovery code: every request spends a different unused code of
 * its user's current set, with its own pending sign-in. Requests take the users in turn (code
 * 1 of every user, then code 2 …), as many different people would. Success = a code marked
 * used.
 */
export async function recoveryCodeScenario(db: AccountDb, url: string, users: RecoveryCodeUser[], csrfToken: string, control: RunControl): Promise<LoadScenario> {
  const plan: { user: RecoveryCodeUser; code: string }[] = [];
  const width = Math.max(...users.map((u) => u.codes.length));
  for (let position = 0; position < width; position++) {
    for (const user of users) {
      const code = user.codes[position];
      if (code) plan.push({ user, code });
    }
  }
  const pendingIds = await createPendingSignIns(
    db,
    plan.map((p) => p.user.id),
  );
  let next = 0;
  let ranOut = false;
  return {
    id: 'recovery_code',
    label: '2FA prompt, recovery code',
    url,
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          const step = plan[i];
          if (!step) {
            ranOut = true;
            control.stop();
            return idleRequest(request);
          }
          const cookies = { pending_signin: pendingIds[i]!, device_id: step.user.deviceId };
          return jsonPost(request, '/api/auth/two-factor', { method: 'recovery_code', code: step.code }, cookies, csrfToken);
        },
      },
    ],
    successes: () => db.recoveryCode.count({ where: { usedAt: { not: null } } }),
    exhausted: () => ranOut,
  };
}
