import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function signOut(): Promise<void> {
  const operation = await accountOperation('signOut');
  return apiRequest(operation.path, { method: operation.method });
}
