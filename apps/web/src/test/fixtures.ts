import type { SessionView, TwoFactorStatus, UserView } from '@recovery/core/api/index';

export const octocat: UserView = {
  id: 'usr_1',
  username: 'octocat',
  email: 'octocat@example.com',
  role: 'user',
  createdAt: '2025-01-02T03:04:05.000Z',
  twoFactorEnabled: false,
};

export const signedIn: SessionView = { user: octocat, sudo: { active: false, expiresAt: null }, csrfToken: 'session-token' };
export const signedOut: SessionView = { user: null, sudo: { active: false, expiresAt: null }, csrfToken: 'anonymous-token' };

export const twoFactorOn: UserView = { ...octocat, twoFactorEnabled: true };
export const signedInWithTwoFactor: SessionView = { ...signedIn, user: twoFactorOn };

export const twoFactorOff: TwoFactorStatus = { enabled: false, enabledAt: null, recoveryCodesRemaining: 0, recoveryCodesTotal: 0 };
export const twoFactorEnabled: TwoFactorStatus = {
  enabled: true,
  enabledAt: '2025-02-03T04:05:06.000Z',
  recoveryCodesRemaining: 16,
  recoveryCodesTotal: 16,
};

/** Sixteen distinct codes in the service's format. */
export const sixteenCodes: string[] = Array.from({ length: 16 }, (_, index) => {
  const hex = index.toString(16).padStart(2, '0');
  return `${hex}abc-def${hex}0`;
});

export const sudoConfirmed = { sudo: { active: true, expiresAt: '2030-01-01T00:00:00.000Z' }, csrfToken: 'sudo-token' };
