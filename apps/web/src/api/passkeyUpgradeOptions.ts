import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';
import { pathWithId } from './pathWithId.ts';

export async function passkeyUpgradeOptions(securityKeyId: string): Promise<Record<string, unknown>> {
  const operation = await accountOperation('passkeyUpgradeOptions');
  const { options } = await apiRequest(pathWithId(operation.path, securityKeyId), { method: operation.method, response: operation.response });
  return options;
}
