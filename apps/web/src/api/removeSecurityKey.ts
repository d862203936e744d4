import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { securityKeyPath } from './securityKeyPath.ts';

const operation = accountOperations.removeSecurityKey;

export function removeSecurityKey(id: string): Promise<void> {
  return apiRequest(securityKeyPath(id), { method: operation.method });
}
