import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function sudoSecurityKeyOptions(): Promise<Record<string, unknown>> {
  const operation = await accountOperation('sudoSecurityKeyOptions');
  const { options } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return options;
}
