import type { PasskeyView } from '@recovery/core/api/index';
import type { RegistrationResponseJSON } from '@simplewebauthn/browser';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function registerPasskey(nickname: string, response: RegistrationResponseJSON): Promise<PasskeyView> {
  const operation = await accountOperation('registerPasskey');
  return apiRequest(operation.path, { method: operation.method, body: { nickname, response }, response: operation.response });
}
