import { accountOperations, type SudoRequest, type SudoView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.confirmAccess;

export interface ConfirmAccessResponse {
  sudo: SudoView;
  csrfToken: string;
}

export function confirmAccess(body: SudoRequest): Promise<ConfirmAccessResponse> {
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
