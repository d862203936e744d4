import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, sqlDriverOf } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { accountKey, accountKeyOfPending } from './twoFactorLimits.ts';

describe.each(providersUnderTest)('the account key read from a pending sign-in on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the key the limits are settled on, for a known browser and an unknown one; none for no sign-in', async () => {
    const driver = sqlDriverOf(t.db);
    const now = new Date();
    await driver.query(
      sql`INSERT INTO "User" ("id", "username", "displayName", "email", "passwordHash", "role", "createdAt", "updatedAt") VALUES (${'key-owner'}, ${'keyowner'}, ${'Key Owner'}, ${'key@example.com'}, ${'x'}, ${'user'}, ${now}, ${now})`,
    );
    for (const [idHash, known] of [
      ['pending-known', true],
      ['pending-unknown', false],
    ] as const) {
      await driver.query(
        sql`INSERT INTO "PendingSignIn" ("idHash", "userId", "failures", "knownDevice", "createdAt", "expiresAt") VALUES (${idHash}, ${'key-owner'}, 0, ${known}, ${now}, ${new Date(now.getTime() + 60_000)})`,
      );
      const { rows } = await driver.query(accountKeyOfPending(idHash));
      expect(rows).toEqual([{ key: accountKey('key-owner', known) }]);
    }
    expect((await driver.query(accountKeyOfPending('no-such-sign-in'))).rows).toEqual([]);
  });
});
