import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, sqlDriverOf } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { loseAnswerOfNextCommit } from '../testing/loseAnswer.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('security keys on %s', (provider) => {
  let t: TestApp;
  let owner: TestClient;
  let key: SoftAuthenticator;
  beforeAll(async () => {
    t = await createTestApp(provider);
    owner = new TestClient(t.app, 'KeyOwner/1.0');
    await owner.signUp('keyholder');
    await enableTwoFactorFor(t, owner);
    key = new SoftAuthenticator('http://localhost:3000', 'localhost');
  });
  afterAll(async () => {
    await t.close();
  });

  const events = async (username: string) =>
    (await t.db.securityEvent.findMany({ where: { user: { username } }, orderBy: { id: 'asc' } })).map((e) => ({ action: e.action, data: JSON.parse(e.data) as Record<string, unknown> }));
  const registrationOptions = async (client: TestClient) => {
    const res = await client.post('/api/security-keys/registration-options');
    expect(res.status).toBe(200);
    return res.body.options as { challenge: string; rp: { id: string }; attestation: string; authenticatorSelection: Record<string, string>; excludeCredentials: { id: string }[] };
  };
  const signInWithKey = async (authenticator: SoftAuthenticator, username = 'keyholder', overrides = {}) => {
    const client = new TestClient(t.app, `Laptop/${Math.random()}`);
    const first = await client.signIn(username, password);
    expect(first.body.methods).toContain('webauthn');
    const options = await client.post('/api/auth/two-factor/security-key-options');
    expect(options.status).toBe(200);
    const res = await client.post('/api/auth/two-factor', { method: 'webauthn', response: authenticator.authenticate(options.body.options, overrides) });
    return { client, res, options: options.body.options as { challenge: string; allowCredentials: { id: string }[] } };
  };

  it('registers a key with a nickname: attestation none, UV and discoverable preferred, RP from configuration', async () => {
    const options = await registrationOptions(owner);
    expect(options.rp.id).toBe('localhost');
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    const res = await owner.post('/api/security-keys', { nickname: 'Blue key', response: key.register(options) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: key.id, nickname: 'Blue key', lastUsedAt: null });
    const list = await owner.get('/api/security-keys');
    expect(list.body.keys).toHaveLength(1);
    expect(await events('keyholder')).toContainEqual({ action: 'two_factor_authentication.add_factor', data: { factor: 'security_key', nickname: 'Blue key' } });
    expect(await t.db.outboxMessage.count({ where: { recipient: 'keyholder@example.com', subject: 'Security key added' } })).toBe(1);
  });

  it('excludes existing keys from new registrations and refuses registering one twice', async () => {
    const options = await registrationOptions(owner);
    expect(options.excludeCredentials.map((c) => c.id)).toEqual([key.id]);
    const res = await owner.post('/api/security-keys', { nickname: 'Again', response: key.register(options) });
    expect(res.status).toBe(409);
  });

  it('spends a registration challenge once and refuses a wrong origin or RP', async () => {
    const other = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const options = await registrationOptions(owner);
    const response = other.register(options);
    expect((await owner.post('/api/security-keys', { nickname: 'Green', response })).status).toBe(201);
    expect((await owner.post('/api/security-keys', { nickname: 'Green again', response })).status).toBe(400);
    const evil = new SoftAuthenticator('https://evil.example', 'localhost');
    expect((await owner.post('/api/security-keys', { nickname: 'Evil', response: evil.register(await registrationOptions(owner)) })).status).toBe(400);
    const wrongRp = new SoftAuthenticator('http://localhost:3000', 'evil.example');
    expect((await owner.post('/api/security-keys', { nickname: 'Wrong RP', response: wrongRp.register(await registrationOptions(owner)) })).status).toBe(400);
    expect((await owner.get('/api/security-keys')).body.keys).toHaveLength(2);
    await owner.delete(`/api/security-keys/${other.id}`);
  });

  it('signs in with the key and records when it was last used', async () => {
    const { client, res, options } = await signInWithKey(key);
    expect(res.status).toBe(200);
    expect(options.allowCredentials.map((c) => c.id)).toEqual([key.id]);
    expect((await client.get('/api/session')).body.user.username).toBe('keyholder');
    const stored = await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(Number(stored.counter)).toBe(key.counter);
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it('refuses a challenge used twice, or one issued to another sign-in attempt', async () => {
    const { client, res, options } = await signInWithKey(key);
    expect(res.status).toBe(200);
    await client.post('/api/auth/sign-out');
    await client.signIn('keyholder', password);
    const replay = await client.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(options) });
    expect(replay.status).toBe(400);
    const a = new TestClient(t.app, 'A/1');
    const b = new TestClient(t.app, 'B/1');
    await a.signIn('keyholder', password);
    await b.signIn('keyholder', password);
    const forA = await a.post('/api/auth/two-factor/security-key-options');
    expect((await b.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(forA.body.options) })).status).toBe(400);
  });

  it('refuses a signature counter that goes backwards, and logs it', async () => {
    const failures = async () => (await events('keyholder')).filter((e) => e.action === 'user.two_factor_challenge_failure');
    const earlier = (await failures()).length;
    const { res } = await signInWithKey(key, 'keyholder', { counter: 1 });
    key.counter = Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } })).counter);
    expect(res.status).toBe(400);
    // One failure event, naming why: the refusal and its reason are one record of the outcome.
    const after = await failures();
    expect(after).toHaveLength(earlier + 1);
    expect(after.filter((e) => e.data.reason === 'counter_regressed')).toEqual([
      { action: 'user.two_factor_challenge_failure', data: { method: 'webauthn', reason: 'counter_regressed', nickname: 'Blue key' } },
    ]);
  });

  it('logs a forged assertion with a counter behind as a failure, never as a regressed counter (a cloned key)', async () => {
    const regressed = async () => (await events('keyholder')).filter((e) => e.data.reason === 'counter_regressed').length;
    const earlier = await regressed();
    // Another authenticator naming the owner's key: its signature does not verify with the key's public key.
    const forger = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const { res } = await signInWithKey(forger, 'keyholder', { credentialId: key.id, counter: 1 });
    expect(res.status).toBe(400);
    expect(await regressed()).toBe(earlier);
  });

  it('gives a key sign-in whose answer was lost after the COMMIT its session again, for the same assertion only', async () => {
    const client = new TestClient(t.app, 'LostAnswer/1.0');
    await client.signIn('keyholder', password);
    const options = await client.post('/api/auth/two-factor/security-key-options');
    const response = key.authenticate(options.body.options);
    const lose = loseAnswerOfNextCommit(t, /INSERT INTO\W+(\w+\W+)?Session\W/);
    expect((await client.post('/api/auth/two-factor', { method: 'webauthn', response })).status).toBe(503);
    expect(lose.lost()).toBe(1);
    // Another assertion (a new signature) is not the same attempt.
    const other = key.authenticate(options.body.options);
    expect((await client.post('/api/auth/two-factor', { method: 'webauthn', response: other })).status).toBe(401);
    const retry = await client.post('/api/auth/two-factor', { method: 'webauthn', response });
    expect(retry.status).toBe(200);
    expect((await client.get('/api/session')).body.user.username).toBe('keyholder');
  });

  it('signs in with a key in two commits: the spent challenge, the counter, the session and the log commit together', async () => {
    const client = new TestClient(t.app, 'Counted/1.0');
    await client.signIn('keyholder', password);
    const options = await client.post('/api/auth/two-factor/security-key-options');
    const response = key.authenticate(options.body.options);
    const counted = await countStatements(t.db, () => client.post('/api/auth/two-factor', { method: 'webauthn', response }));
    expect(counted.result.status).toBe(200);
    // Besides the email to the owner about a new browser (the outbox stands in for SMTP here).
    const statements = counted.statements.filter((sql) => !/OutboxMessage/.test(sql));
    // 13 with the outcome's receipt, for a retry whose answer was lost (in the same transaction).
    // The same on PostgreSQL: the server judges each limiter reservation in its own statement.
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(13);
    expect(counted.commits - (counted.statements.length - statements.length)).toBeLessThanOrEqual(2);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.body.options.challenge } })).toBe(0);
    expect(Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } })).counter)).toBe(key.counter);
  });

  it('leaves the challenge and the counter unspent when the outcome fails, so the same key works again', async () => {
    const client = new TestClient(t.app, 'Crashing/1.0');
    await client.signIn('keyholder', password);
    const options = await client.post('/api/auth/two-factor/security-key-options');
    const before = Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } })).counter);
    let commits = 0;
    let inOutcome = 0;
    // The outcome is the second transaction; fail its last statement, after the spends ran.
    const inject = sqlDriverOf(t.db).observe({
      statement: (sql, inTransaction) => {
        if (inTransaction && commits === 1 && /INSERT INTO "SecurityEvent"/.test(sql) && inOutcome++ === 0) throw new Error('injected failure');
      },
      commit: () => {
        commits += 1;
      },
    });
    const res = await client.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(options.body.options) });
    inject();
    expect(res.status).toBe(500);
    expect(inOutcome).toBe(1);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.body.options.challenge } })).toBe(1);
    expect(Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: key.id } })).counter)).toBe(before);
    expect((await client.get('/api/session')).body.user).toBeNull();
    key.counter = before;
    const retry = await client.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(options.body.options) });
    expect(retry.status).toBe(200);
  });

  it("never signs another user in with this user's key", async () => {
    const mallory = new TestClient(t.app, 'Mallory/1.0');
    await mallory.signUp('mallory');
    const { secret: _ } = await enableTwoFactorFor(t, mallory);
    const malloryKey = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const malloryOptions = await registrationOptions(mallory);
    expect((await mallory.post('/api/security-keys', { nickname: 'M', response: malloryKey.register(malloryOptions) })).status).toBe(201);

    const client = new TestClient(t.app, 'Mallory/2.0');
    await client.signIn('mallory', password);
    const options = await client.post('/api/auth/two-factor/security-key-options');
    // Keyholder's real key signs Mallory's challenge: the key is not Mallory's, so it fails.
    const res = await client.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(options.body.options) });
    expect(res.status).toBe(400);
    expect((await client.get('/api/session')).body.user).toBeNull();
    expect((await mallory.delete(`/api/security-keys/${key.id}`)).status).toBe(404);
  });

  it('keeps at most 10 live challenges per session\'s user and purpose, or per sign-in attempt, however many are asked for', async () => {
    const userId = (await t.db.user.findUniqueOrThrow({ where: { username: 'keyholder' } })).id;
    // Rule (as for passkey sign-in's challenges): nobody can make the challenge table grow without bound.
    let sudoOptions: { challenge: string } = { challenge: '' };
    for (let i = 0; i < 25; i++) sudoOptions = (await owner.post('/api/sudo/security-key-options')).body.options;
    expect(await t.db.webAuthnChallenge.count({ where: { userId, purpose: 'sudo' } })).toBe(10);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: sudoOptions.challenge } })).toBe(1);

    const client = new TestClient(t.app, 'Many/1.0');
    await client.signIn('keyholder', password);
    const earlier = await t.db.webAuthnChallenge.count({ where: { userId, purpose: 'sign_in' } });
    let options: { challenge: string } = { challenge: '' };
    for (let i = 0; i < 25; i++) options = (await client.post('/api/auth/two-factor/security-key-options')).body.options;
    expect(await t.db.webAuthnChallenge.count({ where: { userId, purpose: 'sign_in' } })).toBe(earlier + 10);
    // The newest challenge still signs in; the sudo challenges of the owner's session were untouched.
    expect((await client.post('/api/auth/two-factor', { method: 'webauthn', response: key.authenticate(options) })).status).toBe(200);
    expect(await t.db.webAuthnChallenge.count({ where: { userId, purpose: 'sudo' } })).toBe(10);
  });

  it('accepts a security key for sudo mode', async () => {
    for (let i = 0; i < 3; i++) {
      t.clock.advance(50 * 60_000);
      await owner.get('/api/session');
    }
    expect((await owner.get('/api/session')).body.sudo.active).toBe(false);
    // A forged assertion naming the key, its counter behind: a failure, never a "cloned key".
    const regressed = async () => (await events('keyholder')).filter((e) => e.data.reason === 'counter_regressed').length;
    const earlier = await regressed();
    const forger = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const forgedOptions = await owner.post('/api/sudo/security-key-options');
    const forged = await owner.post('/api/sudo', { securityKey: forger.authenticate(forgedOptions.body.options, { credentialId: key.id, counter: 1 }) });
    expect(forged.status).toBe(400);
    expect(await regressed()).toBe(earlier);
    const options = await owner.post('/api/sudo/security-key-options');
    const res = await owner.post('/api/sudo', { securityKey: key.authenticate(options.body.options) });
    expect(res.status).toBe(200);
    expect(res.body.sudo.active).toBe(true);
  });

  it('renames and removes keys (sudo mode), logging the removal', async () => {
    const renamed = await owner.agent
      .patch(`/api/security-keys/${key.id}`)
      .set('X-CSRF-Token', owner.csrfToken)
      .send({ nickname: 'Backpack key' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.nickname).toBe('Backpack key');
    expect((await owner.delete(`/api/security-keys/${key.id}`)).status).toBe(204);
    expect((await owner.get('/api/security-keys')).body.keys).toEqual([]);
    expect(await events('keyholder')).toContainEqual({ action: 'two_factor_authentication.remove_factor', data: { factor: 'security_key', nickname: 'Backpack key' } });
    expect(await t.db.outboxMessage.count({ where: { recipient: 'keyholder@example.com', subject: 'Security key removed' } })).toBe(2); // the green key earlier, this one now
    const client = new TestClient(t.app);
    const first = await client.signIn('keyholder', password);
    expect(first.body.methods).not.toContain('webauthn');
  });

  it('adds and removes a key with its log entry in one commit: a failed log write changes nothing', async () => {
    const spare = new SoftAuthenticator('http://localhost:3000', 'localhost');
    const logged = async () => (await events('keyholder')).filter((e) => e.data.nickname === 'Spare').map((e) => e.action);
    const adding = failNextStatement(t, /SecurityEvent/);
    expect((await owner.post('/api/security-keys', { nickname: 'Spare', response: spare.register(await registrationOptions(owner)) })).status).toBeGreaterThanOrEqual(500);
    expect(adding.failed()).toBe(1);
    expect(await t.db.securityKey.count({ where: { id: spare.id } })).toBe(0);
    expect(await logged()).toEqual([]);
    expect((await owner.post('/api/security-keys', { nickname: 'Spare', response: spare.register(await registrationOptions(owner)) })).status).toBe(201);
    expect(await logged()).toEqual(['two_factor_authentication.add_factor']);

    const removing = failNextStatement(t, /SecurityEvent/);
    expect((await owner.delete(`/api/security-keys/${spare.id}`)).status).toBeGreaterThanOrEqual(500);
    expect(removing.failed()).toBe(1);
    expect(await t.db.securityKey.count({ where: { id: spare.id } })).toBe(1);
    expect(await logged()).toEqual(['two_factor_authentication.add_factor']);
    expect((await owner.delete(`/api/security-keys/${spare.id}`)).status).toBe(204);
    // The test clock stands still: entries of one millisecond are in no particular order.
    expect((await logged()).sort()).toEqual(['two_factor_authentication.add_factor', 'two_factor_authentication.remove_factor']);
  });
});
