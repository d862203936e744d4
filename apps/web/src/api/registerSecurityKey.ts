import { accountOperations, type SecurityKeyView } from '@recovery/core/api/index';
import type { RegistrationResponseJSON } from '@simplewebauthn/browser';
import { apiRequest } from './client.ts';

const operation = accountOperations.registerSecurityKey;

export function registerSecurityKey(nickname: string, response: RegistrationResponseJSON): Promise<SecurityKeyView> {
  return apiRequest(operation.path, { method: operation.method, body: { nickname, response }, response: operation.response });
}
