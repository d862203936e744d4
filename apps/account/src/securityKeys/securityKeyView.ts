import type { SecurityKeyView } from '@recovery/core/api/index';
import type { SecurityKey } from '@recovery/db';

export function securityKeyView(key: SecurityKey): SecurityKeyView {
  return { id: key.id, nickname: key.nickname, createdAt: key.createdAt.toISOString(), lastUsedAt: key.lastUsedAt?.toISOString() ?? null };
}
