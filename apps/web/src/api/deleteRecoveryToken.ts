import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { pathWithId } from './pathWithId.ts';

const operation = accountOperations.deleteRecoveryToken;

export function deleteRecoveryToken(id: string): Promise<void> {
  return apiRequest(pathWithId(operation.path, id), { method: operation.method });
}
