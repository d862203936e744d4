import { accountOperations, sessionView } from '@recovery/core/api/index';
import { describe, expect, it } from 'vitest';
import { octocat } from '../test/fixtures.ts';
import { sessionPath } from './getSession.ts';
import { sessionViewFrom } from './sessionViewFrom.ts';

const valid = [
  { user: null, sudo: { active: false, expiresAt: null }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
  { user: octocat, sudo: { active: true, expiresAt: '2026-01-01T00:00:00.000Z' }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
];
const invalid = [
  null,
  'session',
  { user: null, sudo: { active: false, expiresAt: null }, appName: 'Account', recoveryWaitingHours: 72 },
  { user: null, sudo: { active: false, expiresAt: null }, csrfToken: 't', appName: 'Account' },
  { user: { ...octocat, role: 'admin' }, sudo: { active: false, expiresAt: null }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
  { user: { ...octocat, twoFactorEnabled: 'yes' }, sudo: { active: false, expiresAt: null }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
  { user: null, sudo: { active: 'no', expiresAt: null }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
  { user: null, sudo: { active: false, expiresAt: 5 }, csrfToken: 't', appName: 'Account', recoveryWaitingHours: 72 },
];

describe('the hand-checked session response', () => {
  it('accepts what the shared schema accepts', () => {
    for (const body of valid) {
      expect(sessionView.safeParse(body).success).toBe(true);
      expect(sessionViewFrom.parse(body)).toEqual(body);
    }
  });

  it('refuses what the shared schema refuses', () => {
    for (const body of invalid) {
      expect(sessionView.safeParse(body).success).toBe(false);
      expect(() => sessionViewFrom.parse(body)).toThrow();
    }
  });

  it('asks the path the shared operation names', () => {
    expect(sessionPath).toBe(accountOperations.getSession.path);
    expect(accountOperations.getSession.method).toBe('get');
  });
});
