import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockMemoryMs } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { partnerSweptTables, partnerSweeper } from './partnerSweeper.ts';

const minute = 60_000;
const day = 24 * 60 * minute;

describe.each(providersUnderTest)('sweeping expired rows of the partner on %s', (provider) => {
  let t: TestApp;
  const userId = 'partner-swept';
  beforeAll(async () => {
    t = await createTestApp(provider);
    await t.db.partnerUser.create({ data: { id: userId, username: 'swept', displayName: 'swept', email: 'swept@example.com', passwordHash: 'unused' } });
    await t.db.savedRecoveryToken.create({ data: { id: 'a'.repeat(32), userId, issuer: 'http://localhost:3000', token: 'x', tokenSize: 1, savedAt: t.clock.now } });
  });
  afterAll(async () => {
    await t.close();
  });

  const at = (ms: number) => new Date(t.clock.now.getTime() + ms);
  const sweep = () => partnerSweeper(t.ctx).runOnce();

  it('lists every expiring table of the schema', () => {
    expect(partnerSweptTables(t.ctx).map((s) => s.table).sort()).toEqual(['DelegatedSaveRequest', 'OidcPayload', 'PartnerRateLimit', 'PartnerSession', 'RecoveryTokenPick'].sort());
  });

  it('deletes expired OIDC artifacts, token picks and delegated save requests; keeps live ones and those without an expiry', async () => {
    for (const [tag, expiresAt] of [['old', at(-1)], ['live', at(minute)]] as const) {
      await t.db.oidcPayload.create({ data: { id: `AccessToken:${tag}`, type: 'AccessToken', payload: '{}', expiresAt } });
      await t.db.recoveryTokenPick.create({ data: { grantId: `grant-${tag}`, tokenId: 'a'.repeat(32), userId, clientId: 'account-service', createdAt: at(-day), expiresAt } });
      await t.db.delegatedSaveRequest.create({ data: { idHash: `save-${tag}`, issuer: 'http://localhost:3000', token: 'x', createdAt: at(-day), expiresAt } });
    }
    await t.db.oidcPayload.create({ data: { id: 'Client:forever', type: 'Client', payload: '{}', expiresAt: null } });
    expect(await sweep()).toMatchObject({ OidcPayload: 1, RecoveryTokenPick: 1, DelegatedSaveRequest: 1 });
    expect((await t.db.oidcPayload.findMany({ where: { id: { in: ['AccessToken:old', 'AccessToken:live', 'Client:forever'] } } })).map((r) => r.id).sort()).toEqual(['AccessToken:live', 'Client:forever']);
    expect((await t.db.recoveryTokenPick.findMany()).map((r) => r.grantId)).toEqual(['grant-live']);
    expect((await t.db.delegatedSaveRequest.findMany()).map((r) => r.idHash)).toEqual(['save-live']);
  });

  it('deletes sessions past their absolute expiry or idle too long; keeps live ones', async () => {
    const idle = t.config.session.idleMs;
    const session = (idHash: string, lastSeenAt: Date, expiresAt: Date) => t.db.partnerSession.create({ data: { idHash, userId, createdAt: at(-day), lastSeenAt, expiresAt, ip: '127.0.0.1', userAgent: 'x' } });
    await session('session-expired', at(-minute), at(-1));
    await session('session-idle', at(-idle - 1), at(day));
    await session('session-live', at(-idle + minute), at(day));
    expect((await sweep()).PartnerSession).toBe(2);
    expect((await t.db.partnerSession.findMany({ where: { userId } })).map((r) => r.idHash)).toEqual(['session-live']);
  });

  it('deletes only rate-limit rows that are as good as absent', async () => {
    const row = (key: string, fields: { count?: number; windowStart?: Date; lockedUntil?: Date | null; lockCount?: number; inFlight?: number; inFlightUntil?: Date | null }) =>
      t.db.partnerRateLimit.create({ data: { key, count: 0, windowStart: t.clock.now, lockedUntil: null, lockCount: 0, inFlight: 0, inFlightUntil: null, ...fields } });
    const gone = [
      await row('signin:user:clean', {}),
      await row('countersign:user:window-passed', { count: 4, windowStart: at(-60 * minute) }),
      await row('signin:ip:lock-forgotten', { count: 1, lockCount: 2, windowStart: at(-lockMemoryMs), lockedUntil: at(-lockMemoryMs) }),
    ];
    const kept = [
      await row('signin:user:in-flight', { inFlight: 1, inFlightUntil: at(minute) }),
      await row('countersign:user:in-window', { count: 4, windowStart: at(-60 * minute + 1) }),
      await row('countersign:user:locked', { count: 10, lockCount: 1, windowStart: at(-day), lockedUntil: at(minute) }),
    ];
    expect((await sweep()).PartnerRateLimit).toBe(gone.length);
    expect((await t.db.partnerRateLimit.findMany()).map((r) => r.key).sort()).toEqual(kept.map((r) => r.key).sort());
  });
});
