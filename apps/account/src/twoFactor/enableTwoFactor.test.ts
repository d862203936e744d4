import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { password, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('turning 2FA on and off on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { APP_NAME: 'Hubbub' });
  });
  afterAll(async () => {
    await t.close();
  });

  const events = async (username: string): Promise<string[]> =>
    (await t.db.securityEvent.findMany({ where: { user: { username } }, orderBy: { id: 'asc' } })).map((e) => e.action);

  it('needs sudo mode for setup, enabling, showing, regenerating and disabling', async () => {
    const client = new TestClient(t.app);
    await client.signUp('no-sudo');
    t.clock.advance(0);
    await t.db.session.updateMany({ data: { sudoUntil: null } });
    for (const path of ['/api/two-factor/setup', '/api/two-factor/enable', '/api/two-factor/recovery-codes', '/api/two-factor/disable']) {
      const res = await client.post(path, path.endsWith('enable') ? { code: '123456' } : undefined);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('sudo_required');
    }
    expect((await client.get('/api/two-factor/recovery-codes')).status).toBe(403);
    expect(await t.db.twoFactor.count()).toBe(0);
  });

  it('shows an otpauth URI, QR code and setup key, and turns on only after a valid code', async () => {
    const client = new TestClient(t.app);
    await client.signUp('enabler');
    expect((await client.get('/api/session')).body.appName).toBe('Hubbub');
    await client.post('/api/sudo', { password });
    const setup = await client.post('/api/two-factor/setup');
    expect(setup.status).toBe(200);
    const uri = new URL(setup.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    // Authenticator apps list the account under the product's name (APP_NAME), not a host name.
    expect(decodeURIComponent(uri.pathname)).toBe('/Hubbub:enabler');
    expect(uri.searchParams.get('issuer')).toBe('Hubbub');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('secret')).toBe(setup.body.setupKey);
    expect(setup.body.setupKey).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now, 5) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_code');
    expect((await client.get('/api/two-factor')).body.enabled).toBe(false);

    const ok = await client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(16);
    for (const code of ok.body.recoveryCodes) expect(code).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
    const status = await client.get('/api/two-factor');
    expect(status.body).toMatchObject({ enabled: true, recoveryCodesRemaining: 16, recoveryCodesTotal: 16 });
    expect((await client.get('/api/session')).body.user.twoFactorEnabled).toBe(true);
    expect(await events('enabler')).toContain('two_factor_authentication.enabled');
    const again = await client.post('/api/two-factor/setup');
    expect(again.status).toBe(409);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'enabler@example.com', subject: 'Two-factor authentication enabled' } })).toBe(1);

    // A database dump alone reveals neither the seed nor a code.
    const factor = await t.db.twoFactor.findFirstOrThrow({ where: { user: { username: 'enabler' } } });
    expect(factor.totpSecretEnc).not.toContain(setup.body.setupKey);
    const rows = await t.db.recoveryCode.findMany({ where: { user: { username: 'enabler' } } });
    const dump = JSON.stringify(rows);
    for (const code of ok.body.recoveryCodes as string[]) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace('-', ''));
    }
  });

  it('is one unit of work: 2FA on, the codes, the events and the lifted limits in one commit (sudo\'s renewal apart), or none of it', async () => {
    const client = new TestClient(t.app);
    const userId = (await client.signUp('wholeenable')).body.user.id as string;
    await client.post('/api/sudo', { password });
    const setup = await client.post('/api/two-factor/setup');
    const failing = failNextStatement(t, /RateLimit/);
    const refused = await client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now) });
    expect(failing.failed()).toBe(1);
    expect(refused.status).toBe(503);
    expect((await client.get('/api/two-factor')).body.enabled).toBe(false);
    expect(await t.db.recoveryCode.count({ where: { userId } })).toBe(0);
    expect(await t.db.securityEvent.count({ where: { userId, action: { in: ['two_factor_authentication.enabled', 'user.two_factor_limits_cleared'] } } })).toBe(0);

    t.clock.advance(30_000);
    const counted = await countStatements(t.db, () => client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now) }));
    expect(counted.result.status).toBe(200);
    expect(commitsBesidesMail(counted), counted.statements.join('\n')).toBeLessThanOrEqual(2);
    expect(await t.db.recoveryCode.count({ where: { userId } })).toBe(16);
    expect(await t.db.securityEvent.count({ where: { userId, action: { in: ['two_factor_authentication.enabled', 'user.two_factor_limits_cleared'] } } })).toBe(2);
  });

  it('then asks for the second factor at sign-in, without a session', async () => {
    const client = new TestClient(t.app);
    const res = await client.signIn('enabler');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body, JSON.stringify(res.body)).toEqual({ twoFactorRequired: true, account: 'enabler', methods: ['totp', 'recovery_code'], recoveryPartner: null, recovery: null });
    expect(client.cookie('sid')).toBeUndefined();
    expect((await client.get('/api/session')).body.user).toBeNull();
  });

  it('shows the codes again (spent ones marked), and logs viewing, downloading and printing', async () => {
    const client = new TestClient(t.app);
    await client.signUp('viewer');
    await client.post('/api/sudo', { password });
    const setup = await client.post('/api/two-factor/setup');
    const enabled = await client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now) });
    const codes = enabled.body.recoveryCodes as string[];
    const row = await t.db.recoveryCode.findFirstOrThrow({ where: { user: { username: 'viewer' }, position: 3 } });
    await t.db.recoveryCode.update({ where: { id: row.id }, data: { usedAt: new Date() } });

    const shown = await client.get('/api/two-factor/recovery-codes');
    expect(shown.status).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body.codes.map((c: { code: string }) => c.code)).toEqual(codes);
    expect(shown.body.codes.filter((c: { used: boolean }) => c.used)).toEqual([{ code: codes[3], used: true }]);
    expect((await client.post('/api/two-factor/recovery-codes/events', { action: 'downloaded' })).status).toBe(204);
    expect((await client.post('/api/two-factor/recovery-codes/events', { action: 'printed' })).status).toBe(204);
    expect((await client.post('/api/two-factor/recovery-codes/events', { action: 'emailed' })).status).toBe(400);
    expect(await events('viewer')).toEqual(
      expect.arrayContaining(['user.two_factor_recovery_codes_viewed', 'user.two_factor_recovery_codes_downloaded', 'user.two_factor_recovery_codes_printed']),
    );
    expect((await client.get('/api/two-factor')).body.recoveryCodesRemaining).toBe(15);
  });

  it('disables: the seed and codes are destroyed, and re-enabling issues a new set', async () => {
    const client = new TestClient(t.app);
    await client.signUp('toggler');
    await client.post('/api/sudo', { password });
    const first = await client.post('/api/two-factor/setup');
    const codes1 = (await client.post('/api/two-factor/enable', { code: totpCode(first.body.setupKey, t.clock.now) })).body.recoveryCodes as string[];
    const userId = (await t.db.user.findUniqueOrThrow({ where: { username: 'toggler' } })).id;

    expect((await client.post('/api/two-factor/disable')).status).toBe(204);
    expect(await t.db.twoFactor.count({ where: { userId } })).toBe(0);
    expect(await t.db.recoveryCode.count({ where: { userId } })).toBe(0);
    expect(await events('toggler')).toContain('two_factor_authentication.disabled');
    expect((await client.post('/api/two-factor/disable')).status).toBe(409);

    t.clock.advance(30_000);
    const second = await client.post('/api/two-factor/setup');
    expect(second.body.setupKey).not.toBe(first.body.setupKey);
    const codes2 = (await client.post('/api/two-factor/enable', { code: totpCode(second.body.setupKey, t.clock.now) })).body.recoveryCodes as string[];
    expect(codes2.filter((c) => codes1.includes(c))).toEqual([]);
  });
});
