import { accountOperations, type VerificationReportView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { pathWithId } from './pathWithId.ts';

const operation = accountOperations.reverifyRecoveryRequest;

export function reverifyRecoveryRequest(id: string): Promise<VerificationReportView> {
  return apiRequest(pathWithId(operation.path, id), { method: operation.method, response: operation.response });
}
