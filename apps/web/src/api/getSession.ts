import type { SessionView } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';
import { sessionViewFrom } from './sessionViewFrom.ts';

/** accountOperations.getSession's path, which sessionViewFrom.test.ts holds equal. */
export const sessionPath = '/api/session';

export function getSession(signal?: AbortSignal): Promise<SessionView> {
  return apiRequest(sessionPath, { method: 'get', response: sessionViewFrom, ...(signal ? { signal } : {}) });
}
