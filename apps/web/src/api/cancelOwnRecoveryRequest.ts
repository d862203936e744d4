import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { pathWithId } from './pathWithId.ts';

const operation = accountOperations.cancelOwnRecoveryRequest;

export function cancelOwnRecoveryRequest(id: string): Promise<void> {
  return apiRequest(pathWithId(operation.path, id), { method: operation.method });
}
