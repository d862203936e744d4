import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.requestPasswordReset;

/** Answers the same whether or not an account matches `login`. */
export async function requestPasswordReset(login: string): Promise<void> {
  await apiRequest(operation.path, { method: operation.method, body: { login }, response: operation.response });
}
