import type { SessionView, UserView } from '@recovery/core/api/index';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isUserView(value: unknown): value is UserView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.username === 'string' &&
    typeof value.email === 'string' &&
    (value.role === 'user' || value.role === 'staff') &&
    typeof value.twoFactorEnabled === 'boolean'
  );
}

/**
 * The session response, checked by hand: every visit starts with it, and the core's zod schema
 * (sessionView) would put zod in the first page's JavaScript. Its test holds the two together.
 */
export const sessionViewFrom = {
  parse(input: unknown): SessionView {
    if (!isRecord(input) || typeof input.csrfToken !== 'string' || typeof input.appName !== 'string' || typeof input.recoveryWaitingHours !== 'number') throw new TypeError('not a session');
    const { user, sudo } = input;
    if (user !== null && !isUserView(user)) throw new TypeError('not a user');
    if (!isRecord(sudo) || typeof sudo.active !== 'boolean' || (sudo.expiresAt !== null && typeof sudo.expiresAt !== 'string')) throw new TypeError('not a sudo state');
    return input as SessionView;
  },
};
