import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.recordRecoveryCodesEvent;

export type RecoveryCodesAction = 'downloaded' | 'printed';

export function recordRecoveryCodesEvent(action: RecoveryCodesAction): Promise<void> {
  return apiRequest(operation.path, { method: operation.method, body: { action } });
}
