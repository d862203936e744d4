import type { DeviceRecoveryFiled } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

/** "Verify email address": files the recovery request with this browser's device proof, if it has one. */
export async function verifyRecoveryEmail(body: { code: string }): Promise<DeviceRecoveryFiled> {
  const operation = await accountOperation('verifyRecoveryEmail');
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
