import { accountOperations, type SecurityKeyView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { securityKeyPath } from './securityKeyPath.ts';

const operation = accountOperations.renameSecurityKey;

export function renameSecurityKey(id: string, nickname: string): Promise<SecurityKeyView> {
  return apiRequest(securityKeyPath(id), { method: operation.method, body: { nickname }, response: operation.response });
}
