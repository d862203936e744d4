import type { DeviceRecoveryStarted } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

/** "Start account recovery" after the password step: emails the one-time password. */
export async function startDeviceRecovery(): Promise<DeviceRecoveryStarted> {
  const operation = await accountOperation('startDeviceRecovery');
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
