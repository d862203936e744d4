import type { TwoFactorCheckupView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

/** "Verify 2FA now": one authenticator code for the check-up. */
export async function verifyTwoFactorCheckup(body: { code: string }): Promise<TwoFactorCheckupView> {
  const operation = await accountOperation('verifyTwoFactorCheckup');
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
