import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.sudoSecurityKeyOptions;

export async function sudoSecurityKeyOptions(): Promise<Record<string, unknown>> {
  const { options } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return options;
}
