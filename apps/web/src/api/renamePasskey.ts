import type { PasskeyView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';
import { pathWithId } from './pathWithId.ts';

export async function renamePasskey(id: string, nickname: string): Promise<PasskeyView> {
  const operation = await accountOperation('renamePasskey');
  return apiRequest(pathWithId(operation.path, id), { method: operation.method, body: { nickname }, response: operation.response });
}
