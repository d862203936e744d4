import type { SignInRequest, SignInResponse } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function signIn(body: SignInRequest): Promise<SignInResponse> {
  const operation = await accountOperation('signIn');
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
