import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateP256KeyPair, privateKeyToPem, signToken, decodeToken, newTokenId } from '@recovery/core/token/index';
import type { OAuthFlow } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { outcomeCount } from '../testing/outcomeCount.ts';
import { FakePartner } from '../testing/fakePartner.ts';
import { enableTwoFactorFor } from '../testing/twoFactorHelpers.ts';
import { issueRecoveryToken, newRecoveryTokenId } from './issueRecoveryToken.ts';
import { partnerConfigurationFetcher } from './partnerConfiguration.ts';
import type { RecoveryDependencies } from './recoveryDependencies.ts';
import { finishRecovery } from './recoverFlow.ts';
import { sealTokenData } from './tokenData.ts';

const client = { ip: '203.0.113.7', userAgent: 'Recoverer/1.0' };

describe.each(providersUnderTest)('recovering with a countersigned token on %s', (provider) => {
  let t: TestApp;
  let partner: FakePartner;
  let deps: RecoveryDependencies;
  const previousKey = generateP256KeyPair().privateKey;
  const currentKey = generateP256KeyPair().privateKey;
  const users: Record<string, string> = {};

  beforeAll(async () => {
    partner = await new FakePartner().start();
    t = await createTestApp(provider, { PARTNER_URL: partner.url, TOKEN_SIGNING_KEYS: `${privateKeyToPem(currentKey)}|${privateKeyToPem(previousKey)}` });
    deps = { oauth: () => Promise.reject(new Error('not used here')), fetchPartner: partnerConfigurationFetcher() };
    for (const name of ['victim', 'mallory', 'racer', 'rotated']) {
      const c = new TestClient(t.app);
      users[name] = (await c.signUp(name)).body.user.id as string;
      await enableTwoFactorFor(t, c);
    }
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  /** A token stored with the partner for `user`, as the save flow leaves it. */
  async function storedToken(user: string, subject = `sub-${user}`): Promise<{ id: string; token: string }> {
    const id = newRecoveryTokenId();
    await t.db.recoveryToken.create({ data: { id, userId: users[user]!, partner: partner.url, partnerSubject: subject, state: 'confirmed', confirmedAt: t.clock.now } });
    return { id, token: issueRecoveryToken(t.ctx, users[user]!, partner.url, id) };
  }
  const flowFor = (user: string): OAuthFlow => ({
    stateHash: 'test',
    purpose: 'recover',
    userId: users[user]!,
    tokenId: null,
    secretsEnc: '',
    pendingSignInHash: null,
    expiresAt: new Date(t.clock.now.getTime() + 60_000),
    createdAt: t.clock.now,
  });
  const recover = (user: string, countersigned: string, subject = `sub-${user}`) => {
    partner.nextCountersigned = countersigned;
    return finishRecovery(t.ctx, deps, flowFor(user), { accessToken: 'access-token', subject }, client);
  };
  const lastError = async (user: string) => {
    const event = await t.db.securityEvent.findFirst({ where: { userId: users[user]!, action: 'account_recovery_token.recover_error' }, orderBy: { id: 'desc' } });
    return event ? (JSON.parse(event.data) as { reason: string }).reason : null;
  };

  it('opens one recovery request for a valid token, logs it and emails the owner', async () => {
    const { id, token } = await storedToken('victim');
    const { requestId } = await recover('victim', partner.countersign(token, t.config.publicOrigin));
    const request = await t.db.recoveryRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ userId: users.victim, tokenId: id, status: 'pending' });
    const report = JSON.parse(request.report) as { ok: boolean; checks: { passed: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.every((c) => c.passed)).toBe(true);
    expect((await t.db.recoveryToken.findUniqueOrThrow({ where: { id } })).state).toBe('recovered');
    const actions = (await t.db.securityEvent.findMany({ where: { userId: users.victim! } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account_recovery_token.recover', 'two_factor_account_recovery.start']));
    expect(await t.db.outboxMessage.count({ where: { recipient: 'victim@example.com', subject: 'Account recovery started' } })).toBe(1);
  });

  it('refuses a replayed countersigned token', async () => {
    const { token } = await storedToken('victim');
    const countersigned = partner.countersign(token, t.config.publicOrigin);
    const count = (event: string) => outcomeCount(t, event, 'recovery_token');
    const [successes, failures] = [await count('recovery_success'), await count('recovery_failure')];
    await recover('victim', countersigned);
    await expect(recover('victim', countersigned)).rejects.toMatchObject({ code: 'token_used' });
    expect(await lastError('victim')).toBe('token_confirmed');
    // The metrics count the same outcomes the security log records.
    expect(await count('recovery_success')).toBe(successes + 1);
    expect(await count('recovery_failure')).toBe(failures + 1);
  });

  it("refuses a countersigned token for another account (mallory presents victim's token)", async () => {
    const { token } = await storedToken('victim');
    await expect(recover('mallory', partner.countersign(token, t.config.publicOrigin), 'sub-victim')).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('mallory')).toBe('token_owner');
  });

  it('refuses a token retrieved by a different partner account than the one that stored it', async () => {
    const { token } = await storedToken('victim');
    await expect(recover('victim', partner.countersign(token, t.config.publicOrigin), 'sub-someone-else')).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('partner_subject');
  });

  it('refuses a countersignature older than 5 minutes', async () => {
    const { token } = await storedToken('victim');
    const old = partner.countersign(token, t.config.publicOrigin, { issuedTime: new Date(t.clock.now.getTime() - 5 * 60_000 - 2_000) });
    await expect(recover('victim', old)).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('countersignature_fresh');
  });

  it('refuses a countersignature by a key the partner does not publish', async () => {
    const { token } = await storedToken('victim');
    await expect(recover('victim', partner.countersign(token, t.config.publicOrigin, { key: generateP256KeyPair().privateKey }))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('countersignature');
  });

  it('refuses a countersignature addressed to another service', async () => {
    const { token } = await storedToken('victim');
    await expect(recover('victim', partner.countersign(token, t.config.publicOrigin, { audience: 'https://other.example' }))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('audience');
  });

  it('refuses a deleted token and an already used one', async () => {
    const { id, token } = await storedToken('victim');
    await t.db.recoveryToken.update({ where: { id }, data: { state: 'deleted', deletedAt: t.clock.now } });
    await expect(recover('victim', partner.countersign(token, t.config.publicOrigin))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('token_confirmed');
    const used = await storedToken('victim');
    await t.db.recoveryToken.update({ where: { id: used.id }, data: { state: 'recovered', recoveredAt: t.clock.now } });
    // Spent: its own code, so the person learns why (and can pick another token).
    await expect(recover('victim', partner.countersign(used.token, t.config.publicOrigin))).rejects.toMatchObject({ code: 'token_used' });
    expect(await lastError('victim')).toBe('token_confirmed');
  });

  it('refuses a forged inner token (signed by a key we never published) and a tampered one', async () => {
    const { id } = await storedToken('victim');
    const forged = signToken(
      {
        version: 0,
        type: 0,
        tokenId: Buffer.from(id, 'hex'),
        options: 1,
        issuer: t.config.publicOrigin,
        audience: partner.url,
        issuedTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        data: sealTokenData(t.ctx, id, users.victim!),
        binding: new Uint8Array(0),
      },
      generateP256KeyPair().privateKey,
    );
    await expect(recover('victim', partner.countersign(forged, t.config.publicOrigin))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('token_signature');

    const { token } = await storedToken('victim');
    const raw = Buffer.from(decodeToken(token).raw);
    raw.writeUInt8(raw.readUInt8(raw.length - 80) ^ 0x01, raw.length - 80); // a bit inside the data field
    await expect(recover('victim', partner.countersign(raw.toString('base64'), t.config.publicOrigin))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('token_signature');
  });

  it('refuses a token id we never issued', async () => {
    const id = Buffer.from(newTokenId()).toString('hex');
    const token = issueRecoveryToken(t.ctx, users.victim!, partner.url, id);
    await expect(recover('victim', partner.countersign(token, t.config.publicOrigin))).rejects.toMatchObject({ code: 'token_rejected' });
    expect(await lastError('victim')).toBe('token_known');
  });

  it('accepts a token signed with the previous key while it is published (rotation)', async () => {
    const id = newRecoveryTokenId();
    await t.db.recoveryToken.create({ data: { id, userId: users.rotated!, partner: partner.url, partnerSubject: 'sub-rotated', state: 'confirmed' } });
    const oldToken = signToken(
      {
        version: 0,
        type: 0,
        tokenId: Buffer.from(id, 'hex'),
        options: 1,
        issuer: t.config.publicOrigin,
        audience: partner.url,
        issuedTime: '2026-01-01T00:00:00Z',
        data: sealTokenData(t.ctx, id, users.rotated!),
        binding: new Uint8Array(0),
      },
      previousKey,
    );
    const { requestId } = await recover('rotated', partner.countersign(oldToken, t.config.publicOrigin));
    expect(requestId).toBeTruthy();
  });

  it('opens exactly one request when 50 recoveries of one countersigned token race', async () => {
    const { id, token } = await storedToken('racer');
    const countersigned = partner.countersign(token, t.config.publicOrigin);
    partner.nextCountersigned = countersigned;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => finishRecovery(t.ctx, deps, flowFor('racer'), { accessToken: 'a', subject: 'sub-racer' }, client)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.db.recoveryRequest.count({ where: { tokenId: id } })).toBe(1);
  });
});
