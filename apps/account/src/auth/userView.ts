import type { UserView } from '@recovery/core/api/index';
import type { User } from '@recovery/db';

export function userView(user: User, twoFactorEnabled: boolean): UserView {
  return {
    id: user.id,
    username: user.displayName,
    email: user.email,
    role: user.role === 'staff' ? 'staff' : 'user',
    createdAt: user.createdAt.toISOString(),
    twoFactorEnabled,
  };
}
