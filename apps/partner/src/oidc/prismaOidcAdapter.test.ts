import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from 'oidc-provider';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { PrismaOidcAdapter } from './prismaOidcAdapter.ts';

describe.each(providersUnderTest)('the Prisma adapter for oidc-provider on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t?.close();
  });
  const adapter = (model: string) => new PrismaOidcAdapter(t.db, model);

  it('stores, replaces and finds payloads by id, per model', async () => {
    await adapter('AccessToken').upsert('at1', { accountId: 'u1', grantId: 'g1', scope: 'openid' }, 600);
    expect(await adapter('AccessToken').find('at1')).toEqual({ accountId: 'u1', grantId: 'g1', scope: 'openid' });
    expect(await adapter('AuthorizationCode').find('at1')).toBeUndefined();
    const replacedAt = Date.now();
    await adapter('AccessToken').upsert('at1', { accountId: 'u1', grantId: 'g1', scope: 'openid more' }, 600);
    const replacedBy = Date.now();
    expect((await adapter('AccessToken').find('at1'))?.scope).toBe('openid more');
    const row = await t.db.oidcPayload.findUniqueOrThrow({ where: { id: 'AccessToken:at1' } });
    expect(row).toMatchObject({ type: 'AccessToken', grantId: 'g1', uid: null });
    // 600 s from the replacing upsert, whenever it ran.
    expect(row.expiresAt!.getTime()).toBeGreaterThanOrEqual(replacedAt + 600_000);
    expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(replacedBy + 600_000);
  });

  it('treats an expired row as absent, deletes it, and sweeps expired rows when an interaction starts', async () => {
    await adapter('Grant').upsert('old', { accountId: 'u1' }, 60);
    await adapter('Grant').upsert('older', { accountId: 'u1' }, 60);
    await t.db.oidcPayload.updateMany({ where: { id: { in: ['Grant:old', 'Grant:older'] } }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await adapter('Grant').find('old')).toBeUndefined();
    expect(await t.db.oidcPayload.findUnique({ where: { id: 'Grant:old' } })).toBeNull();
    await adapter('Interaction').upsert('i1', { returnTo: '/x' }, 600);
    expect(await t.db.oidcPayload.findUnique({ where: { id: 'Grant:older' } })).toBeNull();
    expect(await adapter('Interaction').find('i1')).toEqual({ returnTo: '/x' });
  });

  it('finds sessions by uid, and only sessions', async () => {
    await adapter('Session').upsert('s1', { uid: 'uid-1', accountId: 'u1' }, 600);
    await adapter('Interaction').upsert('i2', { uid: 'uid-2' }, 600);
    expect(await adapter('Session').findByUid('uid-1')).toEqual({ uid: 'uid-1', accountId: 'u1' });
    expect(await adapter('Session').findByUid('uid-2')).toBeUndefined();
  });

  it('consumes a code once: a second consumption fails with invalid_grant', async () => {
    await adapter('AuthorizationCode').upsert('c1', { grantId: 'g2' }, 60);
    await adapter('AuthorizationCode').consume('c1');
    const found = await adapter('AuthorizationCode').find('c1');
    expect(typeof found?.consumed).toBe('number');
    await expect(adapter('AuthorizationCode').consume('c1')).rejects.toBeInstanceOf(errors.InvalidGrant);
  });

  it('destroys one artifact, and revokes a model’s artifacts of one grant', async () => {
    await adapter('AccessToken').upsert('a', { grantId: 'g3' }, 600);
    await adapter('AccessToken').upsert('b', { grantId: 'g3' }, 600);
    await adapter('AccessToken').upsert('c', { grantId: 'g4' }, 600);
    await adapter('AuthorizationCode').upsert('d', { grantId: 'g3' }, 600);
    await adapter('AccessToken').destroy('c');
    expect(await adapter('AccessToken').find('c')).toBeUndefined();
    await adapter('AccessToken').revokeByGrantId('g3');
    expect(await adapter('AccessToken').find('a')).toBeUndefined();
    expect(await adapter('AccessToken').find('b')).toBeUndefined();
    expect(await adapter('AuthorizationCode').find('d')).toEqual({ grantId: 'g3' });
  });
});
