import { accountOperations, type RecoveryRequestView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import type { RecoveryRequestStatus } from './RecoveryRequestStatus.ts';

const operation = accountOperations.listRecoveryRequests;

export interface RecoveryRequestsQuery {
  /** Every status when left out. */
  status?: RecoveryRequestStatus | undefined;
  signal?: AbortSignal;
}

export async function listRecoveryRequests({ status, signal }: RecoveryRequestsQuery = {}): Promise<RecoveryRequestView[]> {
  const { requests } = await apiRequest(operation.path, {
    method: operation.method,
    query: { status },
    response: operation.response,
    ...(signal ? { signal } : {}),
  });
  return requests;
}
