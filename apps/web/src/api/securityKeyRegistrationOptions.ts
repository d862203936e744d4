import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.securityKeyRegistrationOptions;

export async function securityKeyRegistrationOptions(): Promise<Record<string, unknown>> {
  const { options } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return options;
}
