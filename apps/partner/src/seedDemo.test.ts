import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPartnerAccounts, seedDemo } from './seedDemo.ts';
import { createTestApp, providersUnderTest } from './testing/testApp.ts';
import type { TestApp } from './testing/testApp.ts';
import { TestClient, textOf } from './testing/testClient.ts';

describe.each(providersUnderTest)('partner demo seed on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates mona once; running it again changes nothing', async () => {
    expect(demoPartnerAccounts).toEqual([{ username: 'mona', email: 'mona@partner.example', password: 'mona-partner-password' }]);
    await seedDemo(t.db);
    const first = await t.db.partnerUser.findMany();
    expect(first.map((u) => [u.username, u.email])).toEqual([['mona', 'mona@partner.example']]);
    expect(first[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    await seedDemo(t.db);
    expect(await t.db.partnerUser.findMany()).toEqual(first);
  });

  it('lets the demo user sign in by username and by email', async () => {
    const client = new TestClient(t.app);
    expect((await client.signIn('mona', 'mona-partner-password')).status).toBe(303);
    expect(textOf((await client.get('/')).text)).toContain('Signed in as mona');
    expect((await new TestClient(t.app).signIn('mona@partner.example', 'mona-partner-password')).status).toBe(303);
  });
});
