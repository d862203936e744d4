import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import type { OwnRecoveryRequest } from './OwnRecoveryRequest.ts';

const operation = accountOperations.listOwnRecoveryRequests;

export async function listOwnRecoveryRequests(signal?: AbortSignal): Promise<OwnRecoveryRequest[]> {
  const { requests } = await apiRequest(operation.path, { method: operation.method, response: operation.response, ...(signal ? { signal } : {}) });
  return requests;
}
