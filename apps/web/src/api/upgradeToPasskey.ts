import type { PasskeyView } from '@recovery/core/api/index';
import type { SecurityKeyAssertion } from '../webAuthn/SecurityKeyResponse.ts';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';
import { pathWithId } from './pathWithId.ts';

export async function upgradeToPasskey(securityKeyId: string, response: SecurityKeyAssertion): Promise<PasskeyView> {
  const operation = await accountOperation('upgradeToPasskey');
  return apiRequest(pathWithId(operation.path, securityKeyId), { method: operation.method, body: { response }, response: operation.response });
}
