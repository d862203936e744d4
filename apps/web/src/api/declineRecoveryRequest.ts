import { accountOperations, type RecoveryRequestView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { pathWithId } from './pathWithId.ts';

const operation = accountOperations.declineRecoveryRequest;

export function declineRecoveryRequest(id: string, reason: string): Promise<RecoveryRequestView> {
  return apiRequest(pathWithId(operation.path, id), { method: operation.method, body: { reason }, response: operation.response });
}
