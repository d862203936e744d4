import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements, oneRowStep } from '@recovery/db';
import { spendChallengeStatement } from '../securityKeys/webAuthnChallenges.ts';
import { passkeySignInBinding } from './passkeySignInOptions.ts';
import { signChallenge } from './signedChallenge.ts';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { recordFlushes } from '../testing/recordFlushes.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';
import { accountSweeper } from '../maintenance/accountSweeper.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';

const origin = 'http://localhost:3000';
type Options = { challenge: string; user?: { id: string }; authenticatorSelection?: Record<string, unknown>; excludeCredentials?: { id: string }[]; allowCredentials?: { id: string }[]; userVerification?: string };

describe.each(providersUnderTest)('passkeys on %s', (provider) => {
  let t: TestApp;
  let owner: TestClient;
  let passkey: SoftAuthenticator;
  beforeAll(async () => {
    t = await createTestApp(provider);
    owner = new TestClient(t.app, 'PasskeyOwner/1.0');
    await owner.signUp('passkeyholder');
    await enableTwoFactorFor(t, owner);
    passkey = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const events = async (username: string) =>
    (await t.db.securityEvent.findMany({ where: { user: { username } }, orderBy: { id: 'asc' } })).map((e) => ({ action: e.action, data: JSON.parse(e.data) as Record<string, unknown> }));
  const registrationOptions = async (client: TestClient, path = '/api/passkeys/registration-options') => {
    const res = await client.post(path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.options as Options;
  };
  const addPasskey = async (client: TestClient, authenticator: SoftAuthenticator, nickname: string) =>
    client.post('/api/passkeys', { nickname, response: authenticator.register(await registrationOptions(client)) });
  /** A fresh browser signing in with a passkey alone, from `ip`. */
  const passkeySignIn = async (authenticator: SoftAuthenticator, overrides: Parameters<SoftAuthenticator['authenticate']>[1] = {}, ip = '203.0.113.7') => {
    const client = new TestClient(t.app, `Browser/${Math.random()}`);
    await client.get('/api/session');
    const send = (path: string, body?: object) => client.agent.post(path).set('User-Agent', client.userAgent).set('X-CSRF-Token', client.csrfToken).set('X-Forwarded-For', ip).send(body ?? {});
    const options = await send('/api/auth/passkey-options');
    expect(options.status).toBe(200);
    const res = await send('/api/auth/passkey', { response: authenticator.authenticate(options.body.options, overrides) });
    return { client, res, options: options.body.options as Options, send };
  };
  /** Sudo lasts two hours; sessions stay alive while used. */
  const leaveSudo = async (client: TestClient) => {
    for (let i = 0; i < 3; i++) {
      t.clock.advance(50 * 60_000);
      await client.get('/api/session');
      await owner.get('/api/session');
    }
    expect((await client.get('/api/session')).body.sudo.active).toBe(false);
  };
  const signedInAs = async (client: TestClient) => (await client.get('/api/session')).body.user?.username ?? null;

  it('asks for a discoverable credential with user verification, excluding every credential the user has', async () => {
    const key = new SoftAuthenticator(origin, 'localhost');
    const keyOptions = await registrationOptions(owner, '/api/security-keys/registration-options');
    expect((await owner.post('/api/security-keys', { nickname: 'Plain key', response: key.register(keyOptions) })).status).toBe(201);
    const options = await registrationOptions(owner);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', requireResidentKey: true, userVerification: 'required' });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([key.id]);
    // The user handle is the account id, never the username or email.
    expect(Buffer.from(options.user!.id, 'base64url').toString()).not.toMatch(/passkeyholder/);
  });

  it('adds a passkey under its own name: listed apart from security keys, logged and emailed', async () => {
    const res = await addPasskey(owner, passkey, 'Laptop');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: passkey.id, nickname: 'Laptop', lastUsedAt: null });
    expect((await owner.get('/api/passkeys')).body.passkeys.map((p: { id: string }) => p.id)).toEqual([passkey.id]);
    expect((await owner.get('/api/security-keys')).body.keys.map((k: { id: string }) => k.id)).not.toContain(passkey.id);
    expect(await events('passkeyholder')).toContainEqual({ action: 'passkey.register', data: { nickname: 'Laptop' } });
    expect(await t.db.outboxMessage.count({ where: { recipient: 'passkeyholder@example.com', subject: 'Passkey added' } })).toBe(1);
    const stored = await t.db.securityKey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored).toMatchObject({ kind: 'passkey', discoverable: true, userVerified: true });
  });

  it('refuses a passkey that did not verify its user, or that the browser says is not discoverable', async () => {
    const noUv = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: false });
    expect((await addPasskey(owner, noUv, 'No UV')).status).toBe(400);
    const notResident = new SoftAuthenticator(origin, 'localhost', { residentKey: false });
    expect((await addPasskey(owner, notResident, 'Not resident')).status).toBe(400);
    // A challenge issued for a security key does not register a passkey.
    const other = new SoftAuthenticator(origin, 'localhost', { residentKey: true });
    const keyOptions = await registrationOptions(owner, '/api/security-keys/registration-options');
    expect((await owner.post('/api/passkeys', { nickname: 'Crossed', response: other.register(keyOptions) })).status).toBe(400);
    expect(await t.db.securityKey.count({ where: { id: { in: [noUv.id, notResident.id, other.id] } } })).toBe(0);
  });

  it('needs 2FA on and sudo mode to add one', async () => {
    const newcomer = new TestClient(t.app, 'Newcomer/1.0');
    await newcomer.signUp('nopasskeyyet');
    expect((await newcomer.post('/api/sudo', { password })).status).toBe(200);
    expect((await newcomer.post('/api/passkeys/registration-options')).status).toBe(409);
    const stale = new TestClient(t.app, 'Stale/1.0');
    await stale.signUp('stalesudo');
    await enableTwoFactorFor(t, stale);
    await leaveSudo(stale);
    const refused = await stale.post('/api/passkeys/registration-options');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('sudo_required');
  });

  it('signs in with the passkey alone: no password, no second step, a known browser and its events', async () => {
    const { client, res } = await passkeySignIn(passkey);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'passkeyholder', twoFactorEnabled: true });
    expect(await signedInAs(client)).toBe('passkeyholder');
    const log = await events('passkeyholder');
    expect(log.slice(-2)).toEqual([
      { action: 'passkey.sign_in', data: { nickname: 'Laptop' } },
      { action: 'user.login', data: {} },
    ]);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'passkeyholder' } });
    expect(await t.db.knownDevice.count({ where: { userId: user.id, userAgent: client.userAgent } })).toBe(1);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'passkeyholder@example.com', subject: 'New sign-in to your account' } })).toBeGreaterThan(0);
    const stored = await t.db.securityKey.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(Number(stored.counter)).toBe(passkey.counter);
    expect(stored.lastUsedAt).not.toBeNull();
  });

  it('asks without touching the database and signs in in two commits: the reservation, then the spent challenge, counter, session, log and browser together', async () => {
    const client = new TestClient(t.app, 'Counted/1.0');
    await client.get('/api/session');
    // The options: a signed challenge, nothing read or written (anyone may ask, on every page load).
    const asked = await countStatements(t.db, () => client.post('/api/auth/passkey-options'));
    expect(asked.result.status).toBe(200);
    expect(asked.statements, asked.statements.join('\n')).toEqual([]);
    expect(asked.commits).toBe(0);
    const options = asked.result;
    const response = passkey.authenticate(options.body.options);
    const counted = await countStatements(t.db, () => client.post('/api/auth/passkey', { response }));
    expect(counted.result.status).toBe(200);
    // Besides the email to the owner about a new browser (the outbox stands in for SMTP here): the
    // reservation, one read (the credential, its challenge, its owner, this browser), the outcome.
    const statements = counted.statements.filter((sql) => !/OutboxMessage/.test(sql));
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(8);
    expect(counted.commits - (counted.statements.length - statements.length)).toBeLessThanOrEqual(2);
    // Spent: marked until a lifetime after the challenge itself expires.
    const mark = await t.db.webAuthnChallenge.findUniqueOrThrow({ where: { challenge: options.body.options.challenge } });
    expect(mark).toMatchObject({ purpose: 'passkey_sign_in_spent', userId: '', bindingHash: null });
    expect(mark.expiresAt.getTime()).toBe(t.clock.now.getTime() + 10 * 60_000);
  });

  it('lets only the reservation commit without waiting for the disk: each answer waits for a commit that does', async () => {
    const client = new TestClient(t.app, 'Flushed/1.0');
    await client.get('/api/session');
    const options = await client.post('/api/auth/passkey-options');
    const response = passkey.authenticate(options.body.options);
    const { flushes, stop } = recordFlushes(t.ctx.sql);
    try {
      expect((await client.post('/api/auth/passkey', { response })).status).toBe(200);
      expect(flushes.splice(0)).toEqual(['later', 'now']);
      // The same assertion again: refused, and its failure is counted in a commit that waits.
      expect((await client.post('/api/auth/passkey', { response })).status).toBe(401);
      expect(flushes.splice(0)).toEqual(['later', 'now']);
    } finally {
      stop();
    }
  });

  it('refuses an assertion without user verification, a replayed challenge, and a plain security key', async () => {
    const before = (await events('passkeyholder')).filter((e) => e.action === 'passkey.sign_in_failure').length;
    const emails = () => t.db.outboxMessage.count({ where: { recipient: 'passkeyholder@example.com', NOT: { subject: 'New sign-in to your account' } } });
    const emailsBefore = await emails();
    const lazy = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: false });
    // The same credential, asserted without UV (presence alone): refused.
    Object.assign(lazy, { credentialId: passkey.credentialId, privateKey: (passkey as unknown as { privateKey: unknown }).privateKey, userHandle: passkey.userHandle, counter: passkey.counter + 5 });
    const noUv = await passkeySignIn(lazy);
    expect(noUv.res.status).toBe(401);
    expect(await signedInAs(noUv.client)).toBeNull();

    const first = await passkeySignIn(passkey);
    expect(first.res.status).toBe(200);
    // Another browser replaying the same response: its challenge is spent.
    const thief = new TestClient(t.app, 'Replayer/1.0');
    const replay = await thief.post('/api/auth/passkey', { response: passkey.authenticate(first.options) });
    expect(replay.status).toBe(401);
    expect(await signedInAs(thief)).toBeNull();

    const failures = (await events('passkeyholder')).filter((e) => e.action === 'passkey.sign_in_failure');
    expect(failures.slice(before).map((e) => e.data.reason)).toEqual(['invalid', 'invalid']);
    // Nobody is emailed about a failed passkey attempt: anyone who knows a credential id can send one.
    expect(await emails()).toBe(emailsBefore);

    const [plainKey] = await t.db.securityKey.findMany({ where: { nickname: 'Plain key' } });
    const plain = await passkeySignIn(passkey, { credentialId: plainKey!.id });
    expect(plain.res.status).toBe(401);
  });

  it("refuses another user's passkey: a user handle naming someone else signs nobody in", async () => {
    const mallory = new TestClient(t.app, 'Mallory/1.0');
    await mallory.signUp('mallorypk');
    await enableTwoFactorFor(t, mallory);
    const malloryKey = new SoftAuthenticator(origin, 'localhost', { residentKey: true });
    expect((await addPasskey(mallory, malloryKey, 'M')).status).toBe(201);
    // The owner's credential claiming to be Mallory's account.
    const crossed = await passkeySignIn(passkey, { userHandle: malloryKey.userHandle! });
    expect(crossed.res.status).toBe(401);
    expect(await signedInAs(crossed.client)).toBeNull();
    // Mallory's credential claiming to be the owner's account.
    const claimed = await passkeySignIn(malloryKey, { userHandle: passkey.userHandle! });
    expect(claimed.res.status).toBe(401);
    expect(await signedInAs(claimed.client)).toBeNull();
    expect((await events('mallorypk')).filter((e) => e.action === 'passkey.sign_in_failure').map((e) => e.data.reason)).toEqual(['user_handle_mismatch']);
    // Her own passkey signs her in, as herself.
    const own = await passkeySignIn(malloryKey);
    expect(own.res.status).toBe(200);
    expect(await signedInAs(own.client)).toBe('mallorypk');
  });

  it('refuses a passkey whose signature counter went backwards (a cloned authenticator), and logs it in its owner\'s log', async () => {
    expect((await passkeySignIn(passkey)).res.status).toBe(200);
    const stored = Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: passkey.id } })).counter);
    expect(stored).toBeGreaterThan(1);
    // The same credential in another authenticator whose counter is behind.
    const cloned = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
    Object.assign(cloned, { credentialId: passkey.credentialId, privateKey: (passkey as unknown as { privateKey: unknown }).privateKey, userHandle: passkey.userHandle, counter: 0 });
    const clone = await passkeySignIn(cloned, { counter: 1 }, '198.51.100.77');
    expect(clone.res.status).toBe(401);
    expect(await signedInAs(clone.client)).toBeNull();
    expect(Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: passkey.id } })).counter)).toBe(stored);
    const failures = (await events('passkeyholder')).filter((e) => e.action === 'passkey.sign_in_failure');
    expect(failures).toContainEqual({ action: 'passkey.sign_in_failure', data: { reason: 'counter_regressed', nickname: 'Laptop' } });
  });

  it('never reports a cloned passkey for a forged assertion: a counter behind with a bad signature is only invalid', async () => {
    const stored = Number((await t.db.securityKey.findUniqueOrThrow({ where: { id: passkey.id } })).counter);
    expect(stored).toBeGreaterThan(1);
    const before = (await events('passkeyholder')).filter((e) => e.data.reason === 'counter_regressed').length;
    // A stranger's authenticator naming the owner's credential and account, with a low counter.
    const stranger = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
    const forged = await passkeySignIn(stranger, { credentialId: passkey.id, userHandle: passkey.userHandle!, counter: 1 }, '198.51.100.78');
    expect(forged.res.status).toBe(401);
    // Rule: only an assertion the credential really signed can show a regressed counter.
    const after = await events('passkeyholder');
    expect(after.filter((e) => e.data.reason === 'counter_regressed')).toHaveLength(before);
    expect(after.filter((e) => e.action === 'passkey.sign_in_failure').length).toBeGreaterThan(0);
  });

  it('counts failures per address only: an address is locked after 20, the owner elsewhere is not', async () => {
    const stranger = new SoftAuthenticator(origin, 'localhost', { residentKey: true });
    const ip = '198.51.100.9';
    for (let i = 0; i < 20; i++) {
      // Someone else's authenticator naming the owner's credential: a bad signature.
      const { res } = await passkeySignIn(stranger, { credentialId: passkey.id, userHandle: passkey.userHandle! }, ip);
      expect(res.status).toBe(401);
    }
    const locked = await passkeySignIn(passkey, {}, ip);
    expect(locked.res.status).toBe(429);
    expect(await signedInAs(locked.client)).toBeNull();
    const elsewhere = await passkeySignIn(passkey, {}, '192.0.2.44');
    expect(elsewhere.res.status).toBe(200);
    // Only addresses count passkey failures; nothing is counted against the owner's account.
    const ownerId = (await t.db.user.findUniqueOrThrow({ where: { username: 'passkeyholder' } })).id;
    const counted = await t.db.rateLimit.findMany({ where: { count: { gt: 0 }, OR: [{ key: { startsWith: 'passkey:' } }, { key: { contains: ownerId } }] } });
    expect(counted.filter((r) => r.key.includes(ownerId))).toEqual([]);
    expect(counted.find((r) => r.key === 'passkey:ip:198.51.100.9')?.count).toBe(20);
    t.clock.advance(16 * 60_000);
    expect((await passkeySignIn(passkey, {}, ip)).res.status).toBe(200);
  });

  it("clears the account's 2FA failure counts: the owner is back", async () => {
    const ownerId = (await t.db.user.findUniqueOrThrow({ where: { username: 'passkeyholder' } })).id;
    const guesser = new TestClient(t.app, 'Guesser/1.0');
    await guesser.signIn('passkeyholder', password);
    expect((await guesser.post('/api/auth/two-factor', { method: 'totp', code: '000000' })).status).toBe(400);
    const count = async () => (await t.db.rateLimit.findUnique({ where: { key: `2fa:user:${ownerId}` } }))?.count ?? 0;
    expect(await count()).toBe(1);
    expect((await passkeySignIn(passkey)).res.status).toBe(200);
    expect(await count()).toBe(0);
  });

  it('writes nothing for anyone who asks for challenges, and takes each only once, within five minutes, as issued', async () => {
    const client = new TestClient(t.app, 'Farmer/1.0');
    await client.get('/api/session');
    const tables = async () => [await t.db.webAuthnChallenge.count(), await t.db.rateLimit.count(), await t.db.securityEvent.count()];
    const before = await tables();
    for (let i = 0; i < 5; i++) expect((await client.post('/api/auth/passkey-options')).status).toBe(200);
    expect(await tables()).toEqual(before);

    const failures = async () => (await events('passkeyholder')).filter((e) => e.action === 'passkey.sign_in_failure').length;
    const failed = await failures();
    const browser = async () => {
      const b = new TestClient(t.app, `Browser/${Math.random()}`);
      await b.get('/api/session');
      return (path: string, body?: object) => b.agent.post(path).set('User-Agent', b.userAgent).set('X-CSRF-Token', b.csrfToken).set('X-Forwarded-For', '192.0.2.61').send(body ?? {});
    };
    // Five minutes and one millisecond later: expired.
    const late = await browser();
    const stale = (await late('/api/auth/passkey-options')).body.options as Options;
    t.clock.advance(5 * 60_000 + 1);
    expect((await late('/api/auth/passkey', { response: passkey.authenticate(stale) })).status).toBe(401);
    // A challenge it did not sign (one character of the nonce changed), signed by the authenticator.
    const fresh = (await late('/api/auth/passkey-options')).body.options as Options;
    const forged = { ...fresh, challenge: `${fresh.challenge[0] === 'A' ? 'B' : 'A'}${fresh.challenge.slice(1)}` };
    expect((await late('/api/auth/passkey', { response: passkey.authenticate(forged) })).status).toBe(401);
    expect(await failures()).toBe(failed + 2);
    expect((await late('/api/auth/passkey', { response: passkey.authenticate(fresh) })).status).toBe(200);
  });

  it('takes a challenge once even from a passkey whose counter stays 0 (a synced one): racing, replayed, and after the sweeper ran', async () => {
    expect((await owner.post('/api/sudo', { password })).status).toBe(200);
    const synced = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
    expect((await addPasskey(owner, synced, 'Synced')).status).toBe(201);
    const first = new TestClient(t.app, 'RaceA/1.0');
    const second = new TestClient(t.app, 'RaceB/1.0');
    await Promise.all([first.get('/api/session'), second.get('/api/session')]);
    const options = (await first.post('/api/auth/passkey-options')).body.options as Options;
    // The counter does not move, so only the challenge's mark can refuse the second.
    const response = synced.authenticate(options, { counter: 0 });
    const raced = await Promise.all([first.post('/api/auth/passkey', { response }), second.post('/api/auth/passkey', { response })]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(1);
    const replayer = new TestClient(t.app, 'Replayer/2.0');
    expect((await replayer.post('/api/auth/passkey', { response })).status).toBe(401);
    // Past the challenge's expiry the sweeper runs (on an instance whose clock may run ahead): the
    // mark stays a lifetime longer, so an instance whose clock runs behind still refuses it.
    t.clock.advance(5 * 60_000 + 1);
    await accountSweeper(t.ctx).runOnce();
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(1);
    t.clock.advance(5 * 60_000);
    await accountSweeper(t.ctx).runOnce();
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0);
  });

  it('marks a signed challenge spent once: a second mark, or a mark of one it did not sign, refuses its transaction', async () => {
    const binding = passkeySignInBinding(t.ctx);
    const challenge = signChallenge(t.ctx.keys.passkeyChallenge, new Date(t.clock.now.getTime() + 60_000));
    const spend = async (text: string) => (await t.ctx.sql.transaction([oneRowStep(spendChallengeStatement(text, binding, t.clock.now))])).committed;
    expect(await spend(challenge)).toBe(true);
    expect(await spend(challenge)).toBe(false);
    const forged = `${challenge.slice(0, -2)}${challenge.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await spend(forged)).toBe(false);
    expect(await t.db.webAuthnChallenge.count({ where: { challenge: forged } })).toBe(0);
  });

  it('is a second factor after the password, and confirms access (sudo)', async () => {
    const client = new TestClient(t.app, 'SecondStep/1.0');
    const first = await client.signIn('passkeyholder', password);
    expect(first.body.methods, JSON.stringify(first.body)).toContain('webauthn');
    const options = await client.post('/api/auth/two-factor/security-key-options');
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    expect(options.body.options.allowCredentials.map((c: { id: string }) => c.id)).toContain(passkey.id);
    expect((await client.post('/api/auth/two-factor', { method: 'webauthn', response: passkey.authenticate(options.body.options) })).status).toBe(200);
    await leaveSudo(client);
    const sudoOptions = await client.post('/api/sudo/security-key-options');
    const sudo = await client.post('/api/sudo', { securityKey: passkey.authenticate(sudoOptions.body.options) });
    expect(sudo.status).toBe(200);
    expect(sudo.body.sudo.active).toBe(true);
  });

  it('upgrades a security key registered as a discoverable credential with user verification, and only such a key', async () => {
    expect((await owner.post('/api/sudo', { password })).status).toBe(200);
    const capable = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
    const keyOptions = await registrationOptions(owner, '/api/security-keys/registration-options');
    expect((await owner.post('/api/security-keys', { nickname: 'Capable key', response: capable.register(keyOptions) })).status).toBe(201);
    const keys = (await owner.get('/api/security-keys')).body.keys as { id: string; nickname: string; upgradable: boolean }[];
    expect(keys.map((k) => [k.nickname, k.upgradable])).toEqual([
      ['Plain key', false],
      ['Capable key', true],
    ]);
    const plainId = keys[0]!.id;
    expect((await owner.post(`/api/security-keys/${plainId}/upgrade-options`)).status).toBe(409);
    // A security key cannot sign in alone before the upgrade.
    expect((await passkeySignIn(capable)).res.status).toBe(401);

    const options = await owner.post(`/api/security-keys/${capable.id}/upgrade-options`);
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({ userVerification: 'required', allowCredentials: [{ id: capable.id }] });
    // Another key's assertion does not upgrade this one.
    expect((await owner.post(`/api/security-keys/${capable.id}/upgrade`, { response: passkey.authenticate(options.body.options) })).status).toBe(400);
    const again = await owner.post(`/api/security-keys/${capable.id}/upgrade-options`);
    const upgraded = await owner.post(`/api/security-keys/${capable.id}/upgrade`, { response: capable.authenticate(again.body.options) });
    expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
    expect(upgraded.body).toMatchObject({ id: capable.id, nickname: 'Capable key' });
    expect((await owner.get('/api/passkeys')).body.passkeys.map((p: { id: string }) => p.id)).toContain(capable.id);
    expect((await owner.get('/api/security-keys')).body.keys.map((k: { id: string }) => k.id)).toEqual([plainId]);
    expect(await events('passkeyholder')).toContainEqual({ action: 'passkey.upgrade', data: { nickname: 'Capable key' } });
    expect((await passkeySignIn(capable)).res.status).toBe(200);
  });

  it('edits a nickname and deletes a passkey (sudo), logging and emailing; a deleted passkey no longer signs in', async () => {
    const edited = await owner.agent.patch(`/api/passkeys/${passkey.id}`).set('X-CSRF-Token', owner.csrfToken).send({ nickname: 'Work laptop' });
    expect(edited.status).toBe(200);
    expect(edited.body.nickname).toBe('Work laptop');
    // The security-key routes do not reach a passkey (nor the other way round).
    expect((await owner.delete(`/api/security-keys/${passkey.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/passkeys/${passkey.id}`)).status).toBe(204);
    expect((await owner.get('/api/passkeys')).body.passkeys.map((p: { id: string }) => p.id)).not.toContain(passkey.id);
    expect(await events('passkeyholder')).toContainEqual({ action: 'passkey.remove', data: { nickname: 'Work laptop' } });
    expect(await t.db.outboxMessage.count({ where: { recipient: 'passkeyholder@example.com', subject: 'Passkey deleted' } })).toBe(1);
    const gone = await passkeySignIn(passkey);
    expect(gone.res.status).toBe(401);
    expect(await signedInAs(gone.client)).toBeNull();
    expect((await owner.delete(`/api/passkeys/${passkey.id}`)).status).toBe(404);
  });

  it('adds and deletes a passkey with its log entry in one commit: a failed log write changes nothing', async () => {
    const spare = new SoftAuthenticator(origin, 'localhost', { residentKey: true, userVerification: true });
    const logged = async () => (await events('passkeyholder')).filter((e) => e.data.nickname === 'Spare phone').map((e) => e.action);
    const adding = failNextStatement(t, /SecurityEvent/);
    expect((await addPasskey(owner, spare, 'Spare phone')).status).toBeGreaterThanOrEqual(500);
    expect(adding.failed()).toBe(1);
    expect(await t.db.securityKey.count({ where: { id: spare.id } })).toBe(0);
    expect(await logged()).toEqual([]);
    // Two commits besides the email: the spent challenge, then the passkey, its entry and sudo's renewal.
    const options = await registrationOptions(owner);
    const added = await countStatements(t.db, () => owner.post('/api/passkeys', { nickname: 'Spare phone', response: spare.register(options) }));
    expect(added.result.status).toBe(201);
    expect(commitsBesidesMail(added)).toBe(2);
    expect(await logged()).toEqual(['passkey.register']);

    const deleting = failNextStatement(t, /SecurityEvent/);
    expect((await owner.delete(`/api/passkeys/${spare.id}`)).status).toBeGreaterThanOrEqual(500);
    expect(deleting.failed()).toBe(1);
    expect(await t.db.securityKey.count({ where: { id: spare.id } })).toBe(1);
    expect(await logged()).toEqual(['passkey.register']);
    const deleted = await countStatements(t.db, () => owner.delete(`/api/passkeys/${spare.id}`));
    expect(deleted.result.status).toBe(204);
    expect(commitsBesidesMail(deleted)).toBe(1);
    // The test clock stands still: entries of one millisecond are in no particular order.
    expect((await logged()).sort()).toEqual(['passkey.register', 'passkey.remove']);
  });

  it("never deletes another user's passkey", async () => {
    const mallory = new TestClient(t.app, 'Mallory/2.0');
    const first = await mallory.signIn('mallorypk', password);
    expect(first.body.twoFactorRequired).toBe(true);
    const [ownerPasskey] = await t.db.securityKey.findMany({ where: { kind: 'passkey', user: { username: 'passkeyholder' } } });
    const intruder = new TestClient(t.app, 'Intruder/1.0');
    await intruder.signUp('intruderpk');
    await enableTwoFactorFor(t, intruder);
    expect((await intruder.delete(`/api/passkeys/${ownerPasskey!.id}`)).status).toBe(404);
    expect(await t.db.securityKey.count({ where: { id: ownerPasskey!.id } })).toBe(1);
  });

  it('goes with the other second factors when 2FA is turned off', async () => {
    const leaving = new TestClient(t.app, 'Leaving/1.0');
    await leaving.signUp('passkeyleaving');
    await enableTwoFactorFor(t, leaving);
    const phone = new SoftAuthenticator(origin, 'localhost', { residentKey: true });
    expect((await addPasskey(leaving, phone, 'Phone')).status).toBe(201);
    expect((await passkeySignIn(phone)).res.status).toBe(200);
    expect((await leaving.post('/api/two-factor/disable')).status).toBe(204);
    expect((await leaving.get('/api/passkeys')).body.passkeys).toEqual([]);
    expect((await passkeySignIn(phone)).res.status).toBe(401);
  });
});
