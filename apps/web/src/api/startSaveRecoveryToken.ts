import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.startSaveRecoveryToken;

/** "Connect with <partner>": where to send the browser to store a new token with the partner. */
export async function startSaveRecoveryToken(): Promise<string> {
  const { authorizationUrl } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return authorizationUrl;
}
