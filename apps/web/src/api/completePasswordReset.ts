import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.completePasswordReset;

export interface CompletePasswordResetBody {
  token: string;
  password: string;
}

/** Sets the new password; the service ends every session of the account, this one included. */
export function completePasswordReset(body: CompletePasswordResetBody): Promise<void> {
  return apiRequest(operation.path, { method: operation.method, body });
}
