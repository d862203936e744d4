import { accountOperations, type VerificationReportView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.verifyAnyToken;

export function verifyAnyToken(token: string): Promise<VerificationReportView> {
  return apiRequest(operation.path, { method: operation.method, body: { token }, response: operation.response });
}
