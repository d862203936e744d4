import { accountOperations, type ChangePasswordRequest } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.changePassword;

export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return apiRequest(operation.path, { method: operation.method, body });
}
