import type { SessionView, UserView } from '@recovery/core/api/index';

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
