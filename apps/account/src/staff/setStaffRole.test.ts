import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, migrateDatabase } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor } from '../testing/twoFactorHelpers.ts';
import { setStaffRole } from './setStaffRole.ts';

describe.each(providersUnderTest)('granting the staff role on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses an account without 2FA and an unknown account', async () => {
    await new TestClient(t.app).signUp('no-2fa');
    await expect(setStaffRole(t.db, 'no-2fa', true)).rejects.toMatchObject({ code: 'conflict' });
    await expect(setStaffRole(t.db, 'ghost', true)).rejects.toMatchObject({ code: 'not_found' });
    expect((await t.db.user.findUniqueOrThrow({ where: { username: 'no-2fa' } })).role).toBe('user');
  });

  it('grants to an account with 2FA, and revoking ends its sessions', async () => {
    const client = new TestClient(t.app);
    await client.signUp('helper');
    await enableTwoFactorFor(t, client);
    await setStaffRole(t.db, 'Helper', true);
    expect((await client.get('/api/session')).body.user.role).toBe('staff');
    await setStaffRole(t.db, 'helper', false);
    expect((await t.db.user.findUniqueOrThrow({ where: { username: 'helper' } })).role).toBe('user');
    expect((await client.get('/api/session')).body.user).toBeNull();
  });
});

describe('npm run staff', () => {
  it('grants and revokes through the command line against the configured database', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'staff-cli-'));
    const url = `file:${path.join(dataDir, 'account.db')}`;
    await migrateDatabase('account', url);
    const db = createAccountDb(url);
    await db.user.create({ data: { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', username: 'cli-user', displayName: 'cli-user', email: 'cli@example.com', passwordHash: 'x' } });
    await db.twoFactor.create({ data: { userId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', totpSecretEnc: 'x', enabledAt: new Date() } });
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../cli/staff.ts'), ...args], {
        env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: url },
      });
    expect((await run('grant', 'cli-user')).stdout).toContain('is now support staff');
    expect((await db.user.findUniqueOrThrow({ where: { username: 'cli-user' } })).role).toBe('staff');
    await run('revoke', 'cli-user');
    expect((await db.user.findUniqueOrThrow({ where: { username: 'cli-user' } })).role).toBe('user');
    await expect(run('grant', 'nobody')).rejects.toMatchObject({ code: 1 });
    await expect(run('promote')).rejects.toMatchObject({ code: 2 });
    await db.$disconnect();
    // Four command-line processes, each loading the service's TypeScript: on a busy machine that
    // alone can take longer than the default per-test limit.
  }, 180_000);
});
