import type { SessionView, TwoFactorStatus, UserView } from '@recovery/core/api/index';

export const octocat: UserView = {
  id: 'usr_1',
  username: 'octocat',
  email: 'octocat@example.com',
  role: 'user',
  createdAt: '2025-01-02T03:04:05.000Z',
  twoFactorEnabled: false,
};

export const signedIn: SessionView = { user: octocat, sudo: { active: false, expiresAt: null }, csrfToken: 'session-token', appName: 'Hubbub', recoveryWaitingHours: 72 };
export const signedOut: SessionView = { user: null, sudo: { active: false, expiresAt: null }, csrfToken: 'anonymous-token', appName: 'Hubbub', recoveryWaitingHours: 72 };

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

/** The configured recovery partner, as the service names it. */
export const partner = { url: 'http://localhost:4000', name: 'Partner' };
/** The same partner as its configuration document presents it (GET /api/recovery-tokens). */
export const publishedPartner = { ...partner, name: 'Partner Co', iconUrl: 'http://localhost:4000/icon-152.png' };

/** GET /api/recovery-tokens of an account with no tokens on a service without a partner. */
export const noRecoveryTokens = { tokens: [], partner: null };

/** GET /api/account-recovery of an account with no recovery requests. */
export const noRecoveryRequests = { requests: [] };

export const signedInInSudo: SessionView = { ...signedInWithTwoFactor, sudo: { active: true, expiresAt: '2999-01-01T00:00:00.000Z' } };

export const staffUser: UserView = { ...octocat, id: 'usr_staff', username: 'support', email: 'support@example.com', role: 'staff', twoFactorEnabled: true };
export const signedInAsStaff: SessionView = { ...signedIn, user: staffUser };
