import { accountOperations, type RecoveryRequestView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { pathWithId } from './pathWithId.ts';

const operation = accountOperations.approveRecoveryRequest;

export function approveRecoveryRequest(id: string): Promise<RecoveryRequestView> {
  return apiRequest(pathWithId(operation.path, id), { method: operation.method, response: operation.response });
}
