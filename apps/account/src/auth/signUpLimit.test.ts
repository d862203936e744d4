import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('sign-up per address on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider, { SIGN_UPS_PER_ADDRESS_PER_HOUR: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells the owner of a taken email, in the same words as an invalid one', async () => {
    await new TestClient(t.app).signUp('first-owner');
    const again = await new TestClient(t.app).signUp('copycat', 'a long enough password', 'FIRST-OWNER@example.com');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'email_taken', message: 'Email is invalid or already taken' });
    const mail = await t.db.outboxMessage.findMany({ where: { recipient: 'first-owner@example.com', subject: 'Someone tried to create an account with your email' } });
    expect(mail).toHaveLength(1);
    expect(await t.db.user.count({ where: { username: 'copycat' } })).toBe(0);
  });

  it('throttles every sign-up from one address, taken or not, then lets it go after an hour', async () => {
    // The two sign-ups above used two of the three this address has in the hour.
    expect((await new TestClient(t.app).signUp('third')).status).toBe(201);
    const refused = await new TestClient(t.app).signUp('fourth');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(59 * 60);
    expect(await t.db.user.count({ where: { username: 'fourth' } })).toBe(0);
    const probe = await new TestClient(t.app).signUp('prober', 'a long enough password', 'first-owner@example.com');
    expect(probe.status).toBe(429);
    t.clock.advance(60 * 60_000 + 1_000);
    expect((await new TestClient(t.app).signUp('fourth')).status).toBe(201);
  });

  it('emails the owner of a taken email at most 3 times a day, however many addresses try it', async () => {
    const owner = new TestClient(t.app);
    owner.address = '198.51.100.50';
    expect((await owner.signUp('popular')).status).toBe(201);
    const notices = () => t.db.outboxMessage.count({ where: { recipient: 'popular@example.com', subject: 'Someone tried to create an account with your email' } });
    for (let i = 0; i < 10; i++) {
      const stranger = new TestClient(t.app);
      stranger.address = `203.0.113.${100 + i}`;
      const res = await stranger.signUp(`copy${i}`, 'a long enough password', 'popular@example.com');
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('Email is invalid or already taken');
    }
    expect(await notices()).toBe(3);
    t.clock.advance(24 * 3_600_000 + 1_000);
    const later = new TestClient(t.app);
    later.address = '203.0.113.200';
    expect((await later.signUp('copylater', 'a long enough password', 'popular@example.com')).status).toBe(409);
    expect(await notices()).toBe(4);
  });
});
