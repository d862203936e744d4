import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export async function passkeyRegistrationOptions(): Promise<Record<string, unknown>> {
  const operation = await accountOperation('passkeyRegistrationOptions');
  const { options } = await apiRequest(operation.path, { method: operation.method, response: operation.response });
  return options;
}
