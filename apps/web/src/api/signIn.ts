import { accountOperations, type SignInRequest, type SignInResponse } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.signIn;

export function signIn(body: SignInRequest): Promise<SignInResponse> {
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
