import { accountOperations, type SignedIn, type SignUpRequest } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.signUp;

export function signUp(body: SignUpRequest): Promise<SignedIn> {
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
