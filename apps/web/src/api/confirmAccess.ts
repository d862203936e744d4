import type { SudoRequest, SudoView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export interface ConfirmAccessResponse {
  sudo: SudoView;
  csrfToken: string;
}

export async function confirmAccess(body: SudoRequest): Promise<ConfirmAccessResponse> {
  const operation = await accountOperation('confirmAccess');
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
