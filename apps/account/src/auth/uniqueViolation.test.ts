import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, sqlDriverOf } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { isUniqueViolation } from './uniqueViolation.ts';

describe.each(providersUnderTest)('a unique violation on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const insert = (id: string) => {
    const now = new Date();
    return sql`INSERT INTO "User" ("id", "username", "displayName", "email", "passwordHash", "role", "createdAt", "updatedAt") VALUES (${id}, ${'twin'}, ${'Twin'}, ${`${id}@example.com`}, ${'x'}, ${'user'}, ${now}, ${now})`;
  };
  const failure = (work: () => Promise<unknown>) => work().then(() => null, (error: unknown) => error);

  it('is recognised from the SQL driver (alone or in a transaction) and from Prisma; other failures are not', async () => {
    await sqlDriverOf(t.db).query(insert('u1'));
    expect(isUniqueViolation(await failure(() => sqlDriverOf(t.db).query(insert('u2'))))).toBe(true);
    expect(isUniqueViolation(await failure(() => sqlDriverOf(t.db).transaction([{ statement: insert('u3') }])))).toBe(true);
    const now = new Date();
    expect(isUniqueViolation(await failure(() => t.db.user.create({ data: { id: 'u4', username: 'twin', displayName: 'Twin', email: 'u4@example.com', passwordHash: 'x', createdAt: now } })))).toBe(true);
    expect(isUniqueViolation(await failure(() => sqlDriverOf(t.db).query(sql`INSERT INTO "User" ("id") VALUES (${'u5'})`)))).toBe(false);
  });
});
