import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.checkPasswordReset;

/** Whether the emailed link still works: "valid" or "expired" (used or too old). */
export async function checkPasswordReset(token: string, signal?: AbortSignal): Promise<'valid' | 'expired'> {
  const { status } = await apiRequest(operation.path, { method: operation.method, body: { token }, response: operation.response, ...(signal ? { signal } : {}) });
  return status;
}
