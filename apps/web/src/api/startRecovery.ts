import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.startRecovery;

/** "Recover with <partner>" after the password step: where to send the browser (a fresh sign-in there). */
export async function startRecovery(): Promise<string> {
  const { authorizationUrl } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return authorizationUrl;
}
