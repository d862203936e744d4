import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

/** "Recover with <partner>" after the password step: where to send the browser (a fresh sign-in there). */
export async function startRecovery(): Promise<string> {
  const operation = await accountOperation('startRecovery');
  const { authorizationUrl } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return authorizationUrl;
}
